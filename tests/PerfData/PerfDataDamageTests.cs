using System.Buffers.Binary;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// Damaged perf.data: every complete sample before the damage is folded, then one line names
/// the file, the byte offset and what was wrong. Records and layouts this reader does not know
/// are skipped or refused, never guessed.
/// </summary>
public sealed class PerfDataDamageTests : IDisposable
{
    const int Pid = PerfDataFold.Pid + 100; // its own perf map: test classes run in parallel
    const int HeaderAndAttr = 104 + 144; // where the data starts in the builder's files (no ids)
    readonly PerfDataFold _fold = new();

    public PerfDataDamageTests() => _fold.WritePerfMap(Pid);

    public void Dispose() => _fold.Dispose();

    /// <summary>A comm, a map, then three samples of hot_leaf, caller and main_loop (periods 1, 2, 4).</summary>
    static PerfDataBuilder ThreeSamples()
    {
        var b = new PerfDataBuilder();
        b.Comm(Pid, Pid, "app", 1_000_000);
        b.Mmap(Pid, Pid, PerfDataFold.MapStart, 0x10000, 0, "//anon", 1_000_100);
        b.Sample(Pid, Pid, 2_000_000, 1, [PerfDataBuilder.ContextUser, PerfDataFold.Leaf]);
        b.Sample(Pid, Pid, 2_000_001, 2, [PerfDataBuilder.ContextUser, PerfDataFold.Caller]);
        b.Sample(Pid, Pid, 2_000_002, 4, [PerfDataBuilder.ContextUser, PerfDataFold.Main]);
        return b;
    }

    static int OffsetOfRecord(PerfDataBuilder b, int index) => HeaderAndAttr + b.Records.Take(index).Sum(r => r.Length);

    [Fact]
    public void A_file_cut_inside_a_sample_keeps_the_samples_before_it_and_names_the_offset()
    {
        var b = ThreeSamples();
        var data = b.FileMode();
        int lastSample = OffsetOfRecord(b, 4);
        string path = _fold.Write(data[..(lastSample + 20)], "cut.data");

        var folded = PerfDataFold.FoldFile(path);

        Assert.Equal("app;caller 2\napp;hot_leaf 1\n", folded.Folded);
        var failure = Assert.Single(folded.Failures);
        Assert.Equal($"'{path}': byte {lastSample}: truncated: SAMPLE record of {b.Records[4].Length} bytes is cut off by the end of the file at byte {lastSample + 20}", failure);
    }

    [Fact]
    public void A_file_cut_between_records_says_how_much_data_is_missing()
    {
        var b = ThreeSamples();
        var data = b.FileMode();
        int lastSample = OffsetOfRecord(b, 4);
        string path = _fold.Write(data[..lastSample], "cut.data");

        var folded = PerfDataFold.FoldFile(path);

        Assert.Equal("app;caller 2\napp;hot_leaf 1\n", folded.Folded);
        Assert.Equal($"'{path}': byte {lastSample}: truncated: the file ends {b.Records[4].Length} bytes before the end of its data section", Assert.Single(folded.Failures));
    }

    [Fact]
    public void A_header_with_an_impossible_size_is_refused()
    {
        var data = ThreeSamples().FileMode();
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), 5);
        string path = _fold.Write(data, "bad.data");

        var folded = PerfDataFold.FoldFile(path);

        Assert.Equal("", folded.Folded);
        Assert.Equal($"'{path}': byte 8: bad header: header size 5", Assert.Single(folded.Failures));
    }

    [Fact]
    public void A_record_size_running_past_the_data_stops_there()
    {
        var b = ThreeSamples();
        b.Records[3] = [.. b.Records[3]];
        BinaryPrimitives.WriteUInt16LittleEndian(b.Records[3].AsSpan(6), 4000);
        string path = _fold.Write(b.FileMode(), "long.data");
        int dataEnd = OffsetOfRecord(b, 5);

        var folded = PerfDataFold.FoldFile(path);

        Assert.Equal("app;hot_leaf 1\n", folded.Folded);
        Assert.Equal($"'{path}': byte {OffsetOfRecord(b, 3)}: SAMPLE record of 4000 bytes runs past the end of the data at byte {dataEnd}", Assert.Single(folded.Failures));
    }

    [Fact]
    public void A_record_size_smaller_than_a_header_is_damage()
    {
        var b = ThreeSamples();
        b.Records[4] = [.. b.Records[4]];
        BinaryPrimitives.WriteUInt16LittleEndian(b.Records[4].AsSpan(6), 4);
        string path = _fold.Write(b.FileMode(), "small.data");

        var folded = PerfDataFold.FoldFile(path);

        Assert.Equal("app;caller 2\napp;hot_leaf 1\n", folded.Folded);
        Assert.Equal($"'{path}': byte {OffsetOfRecord(b, 4)}: SAMPLE record of size 4, smaller than its header", Assert.Single(folded.Failures));
    }

    [Fact]
    public void A_record_of_an_unknown_type_is_skipped_and_reported_once()
    {
        var b = ThreeSamples();
        b.Records.Insert(3, PerfDataBuilder.Record(200, 0, new byte[16]));

        var folded = _fold.Fold(b.FileMode());

        Assert.Empty(folded.Failures);
        Assert.Equal("app;caller 2\napp;hot_leaf 1\napp;main_loop 4\n", folded.Folded);
        Assert.Contains(folded.Warnings, w => w.EndsWith("skipped 1 record of unknown type 200", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sample_type_bit_this_reader_does_not_know_stops_at_the_first_sample()
    {
        var b = ThreeSamples();
        b.Attrs[0] = b.Attrs[0] with { SampleType = PerfDataBuilder.DefaultSampleType | 1UL << 40 };
        string path = _fold.Write(b.FileMode(), "newer.data");

        var folded = PerfDataFold.FoldFile(path);

        Assert.Equal("", folded.Folded);
        Assert.Equal($"'{path}': byte {OffsetOfRecord(b, 2)}: sample_type bits 0x10000000000 of event 'cpu-clock:ppp' are unknown (written by a newer perf?)", Assert.Single(folded.Failures));
    }

    [Fact]
    public void The_tool_prints_the_kept_samples_then_one_error_line_and_exits_1()
    {
        var b = ThreeSamples();
        var data = b.FileMode();
        int lastSample = OffsetOfRecord(b, 4);
        string path = _fold.Write(data[..(lastSample + 20)], "cut.data");

        var result = ToolProcess.Run("fg-collapse-perf", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("app;caller 2\napp;hot_leaf 1\n", result.StdoutText);
        Assert.Equal($"fg-collapse-perf: '{path}': byte {lastSample}: truncated: SAMPLE record of {b.Records[4].Length} bytes is cut off by the end of the file at byte {lastSample + 20}\n", result.Stderr);
    }
}
