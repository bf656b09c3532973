using FlameGraph.Collapse.Perf;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// Hand-made perf.data files, one record type or layout at a time, folded as fg-collapse-perf
/// folds them. Each expectation is what `perf script -F +pid | stackcollapse-perf.pl` gives for
/// the same file (checked with perf 6.1 when the tests were written).
/// </summary>
public sealed class PerfDataRecordTests : IDisposable
{
    const int Pid = PerfDataFold.Pid;
    readonly PerfDataFold _fold = new();

    public PerfDataRecordTests() => _fold.WritePerfMap();

    public void Dispose() => _fold.Dispose();

    /// <summary>A process with a COMM and an anonymous (JIT) map, ready for samples.</summary>
    static PerfDataBuilder Process(string comm = "app")
    {
        var b = new PerfDataBuilder();
        b.Comm(Pid, Pid, comm, 1_000_000);
        b.Mmap(Pid, Pid, PerfDataFold.MapStart, 0x10000, 0, "//anon", 1_000_100);
        return b;
    }

    static ulong[] Stack(params ulong[] leafFirst) => [PerfDataBuilder.ContextUser, .. leafFirst];

    [Fact]
    public void A_sample_is_folded_through_its_process_maps_and_comm()
    {
        var b = Process();
        b.Sample(Pid, Pid, 2_000_000, 250000, Stack(PerfDataFold.Leaf, PerfDataFold.Caller, PerfDataFold.Main));
        b.Sample(Pid, Pid, 2_100_000, 250000, Stack(PerfDataFold.Leaf, PerfDataFold.Caller, PerfDataFold.Main));

        var folded = _fold.Fold(b.FileMode());

        Assert.Empty(folded.Failures);
        Assert.Equal("app;main_loop;caller;hot_leaf 500000\n", folded.Folded);
    }

    [Fact]
    public void Pipe_mode_with_perf_s_bookkeeping_records_folds_as_file_mode()
    {
        var b = new PerfDataBuilder();
        b.Attrs[0] = b.Attrs[0] with { Ids = [1] };
        b.Comm(Pid, Pid, "app", 1_000_000);
        b.Mmap(Pid, Pid, PerfDataFold.MapStart, 0x10000, 0, "//anon", 1_000_100);
        b.BuildIds.Add(("/bin/app", new byte[20], false));
        b.Raw(69, [.. new PerfDataBuilder.Writer().Also(w => { w.U64(1); w.U64(1); w.U64(0); w.U64(0); w.U64((ulong)Pid); })]); // ID_INDEX
        b.Raw(73, [.. new PerfDataBuilder.Writer().Also(w => { w.U64(1); w.U64((ulong)Pid); w.Bytes(new byte[16]); })]);       // THREAD_MAP
        b.Raw(74, [.. new PerfDataBuilder.Writer().Also(w => { w.U16(0); w.U16(1); w.U16(0); w.U16(0); })]);                    // CPU_MAP
        b.Raw(79, [.. new PerfDataBuilder.Writer().Also(w => { w.U64(31); w.U64(1); w.U64(0); })]);                             // TIME_CONV
        b.Sample(Pid, Pid, 2_000_000, 100, Stack(PerfDataFold.Leaf, PerfDataFold.Main));
        b.Lost(3, 2_050_000);
        b.FinishedRound();
        b.Sample(Pid, Pid, 2_100_000, 100, Stack(PerfDataFold.Caller, PerfDataFold.Main));
        b.Exit(Pid, Pid, Pid, Pid, 2_200_000);

        var file = _fold.Fold(b.FileMode());
        var pipe = _fold.Fold(b.PipeMode());

        Assert.Empty(pipe.Failures);
        Assert.Equal("app;main_loop;caller 100\napp;main_loop;hot_leaf 100\n", file.Folded);
        Assert.Equal(file.Folded, pipe.Folded);
    }

    [Fact]
    public void Records_apply_in_time_order_so_an_exec_renames_only_later_samples()
    {
        // perf writes each cpu's buffer in turn: the exec's COMM comes first in the file, later in time
        var b = Process();
        b.Comm(Pid, Pid, "renamed", 3_000_000, exec: true);
        b.Sample(Pid, Pid, 2_000_000, 1, Stack(PerfDataFold.Leaf));
        b.Sample(Pid, Pid, 4_000_000, 1, Stack(PerfDataFold.Caller));
        b.FinishedRound();

        var folded = _fold.Fold(b.FileMode());

        Assert.Equal("app;hot_leaf 1\nrenamed;caller 1\n", folded.Folded);
    }

    [Fact]
    public void A_forked_thread_has_its_parent_s_comm_and_maps()
    {
        var b = Process();
        b.Fork(Pid, Pid, Pid + 1, Pid, 1_500_000);
        b.Sample(Pid, Pid + 1, 2_000_000, 7, Stack(PerfDataFold.Leaf, PerfDataFold.Main));
        b.Sample(Pid + 5, Pid + 5, 2_000_001, 1, Stack(PerfDataFold.Leaf));

        var folded = _fold.Fold(b.FileMode(), new PerfCollapseOptions { IncludeTid = true, Threads = 1 });

        // a thread nothing announced is `:TID` with no maps, as perf shows it
        Assert.Equal($":{Pid + 5}-{Pid + 5}/{Pid + 5};[unknown] 1\napp-{Pid}/{Pid + 1};main_loop;hot_leaf 7\n", folded.Folded);
    }

    [Fact]
    public void Mmap2_maps_like_mmap()
    {
        var b = new PerfDataBuilder();
        b.Comm(Pid, Pid, "app", 1_000_000);
        b.Mmap2(Pid, Pid, PerfDataFold.MapStart, 0x10000, 0, "//anon", 1_000_100);
        b.Sample(Pid, Pid, 2_000_000, 5, Stack(PerfDataFold.Other));

        Assert.Equal("app;other_work 5\n", _fold.Fold(b.FileMode()).Folded);
    }

    [Fact]
    public void Kernel_frames_without_kallsyms_for_the_recorded_kernel_are_unknown_in_the_kernel_dso()
    {
        var b = Process();
        b.BuildIds.Add(("[kernel.kallsyms]", Enumerable.Repeat((byte)0xab, 20).ToArray(), true));
        b.Mmap(-1, 0, 0xffffffff81000000, 0x1000000, 0xffffffff81000000, "[kernel.kallsyms]_text", 0, PerfDataBuilder.MiscKernel);
        b.Sample(Pid, Pid, 2_000_000, 3, [PerfDataBuilder.ContextKernel, 0xffffffff81000100, PerfDataBuilder.ContextUser, PerfDataFold.Leaf], misc: PerfDataBuilder.MiscKernel);

        var folded = _fold.Fold(b.FileMode(), new PerfCollapseOptions { AnnotateKernel = true, Threads = 1 });

        // stackcollapse-perf.pl names an unknown symbol by its dso in brackets
        Assert.Equal("app;hot_leaf;[[kernel.kallsyms]]_[k] 3\n", folded.Folded);
    }

    [Fact]
    public void Two_events_are_told_apart_by_sample_ids_and_filtered_like_text()
    {
        var b = new PerfDataBuilder();
        b.Attrs[0] = b.Attrs[0] with { SampleType = PerfDataBuilder.DefaultSampleType | PerfDataBuilder.Id, Ids = [11, 12] };
        b.Attrs.Add(new PerfDataBuilder.Attr(1, 2, PerfDataBuilder.DefaultSampleType | PerfDataBuilder.Id, [21, 22], "page-faults"));
        b.Comm(Pid, Pid, "app", 1_000_000);
        b.Mmap(Pid, Pid, PerfDataFold.MapStart, 0x10000, 0, "//anon", 1_000_100);
        b.Sample(Pid, Pid, 2_000_000, 1, Stack(PerfDataFold.Leaf), attr: 1);
        b.Sample(Pid, Pid, 2_000_100, 9, Stack(PerfDataFold.Caller), attr: 0);

        var first = _fold.Fold(b.FileMode());
        var chosen = _fold.Fold(b.FileMode(), new PerfCollapseOptions { EventFilter = "cpu-clock:ppp", Threads = 1 });
        var pipe = _fold.Fold(b.PipeMode());

        Assert.Equal("app;hot_leaf 1\n", first.Folded);
        Assert.Equal("app;caller 9\n", chosen.Folded);
        Assert.Equal(first.Folded, pipe.Folded);
    }

    [Fact]
    public void Compressed_records_are_read_even_when_a_record_spans_two_of_them()
    {
        var b = Process();
        b.Sample(Pid, Pid, 2_000_000, 4, Stack(PerfDataFold.Leaf, PerfDataFold.Main));
        b.Sample(Pid, Pid, 2_100_000, 6, Stack(PerfDataFold.Caller, PerfDataFold.Main));
        var plain = b.Records.SelectMany(r => r).ToArray();
        int cut = plain.Length - b.Records[^1].Length / 2; // inside the last sample
        using var zstd = new ZstdSharp.Compressor(1);
        b.Records.Clear();
        b.Compressed = true;
        b.Raw(81, zstd.Wrap(plain.AsSpan(0, cut)).ToArray());
        b.Raw(81, zstd.Wrap(plain.AsSpan(cut)).ToArray());

        var folded = _fold.Fold(b.FileMode());

        Assert.Empty(folded.Failures);
        Assert.Equal("app;main_loop;caller 6\napp;main_loop;hot_leaf 4\n", folded.Folded);
    }
}

static class WriterExtensions
{
    public static byte[] Also(this PerfDataBuilder.Writer writer, Action<PerfDataBuilder.Writer> write)
    {
        write(writer);
        return writer.ToArray();
    }
}
