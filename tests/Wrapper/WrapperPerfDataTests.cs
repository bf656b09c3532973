using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Wrapper;

/// <summary>
/// The front ends read a perf.data without user stack dumps (frame pointers) themselves, with no
/// perf script, and draw what `--perf-script` draws; DWARF recordings still go through perf
/// script. Real perf on demo/workload.c (skipped, visibly, where perf cannot record).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class WrapperPerfDataTests(DemoWorkload workload) : IClassFixture<DemoWorkload>
{
    /// <summary>--verbose's line for a perf script run (`flamegraph: script: perf script ...`).</summary>
    const string ScriptLine = ": script: ";

    void Record(string dir, string data, string callGraph, string seconds)
    {
        var record = RealPerf.Run("perf", ["record", "-F", "997", "--call-graph", callGraph, "-g", "-o", data, "--", workload.Program, seconds], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);
    }

    static ToolResult Run(string tool, string dir, params string[] args)
    {
        var result = ToolProcess.Run(tool, args, workingDirectory: dir);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {result.Stderr}");
        return result;
    }

    static byte[] Bytes(string dir, string name) => File.ReadAllBytes(Path.Combine(dir, name));

    [Theory]
    [InlineData("--deterministic")]
    [InlineData("--per-thread --inverted")]
    [InlineData("--no-inline --skip-after main")]
    public void A_frame_pointer_recording_is_read_without_perf_script_into_the_same_graph(string optionWords)
    {
        workload.Require();
        string[] options = optionWords.Split(' ');
        string dir = workload.NewWorkDirectory("fp-" + optionWords.Replace("-", "").Replace(' ', '-'));
        Record(dir, "rec.data", "fp", "0.5");

        var direct = Run("flamegraph", dir, ["-v", "--perfdata", "rec.data", "--folded-output", "a.folded", "-o", "a.svg", .. options]);
        var script = Run("flamegraph", dir, ["-v", "--perf-script", "--perfdata", "rec.data", "--folded-output", "b.folded", "-o", "b.svg", .. options]);

        Assert.DoesNotContain(ScriptLine, direct.Stderr);
        Assert.Contains(ScriptLine + "perf script", script.Stderr);
        Assert.True(Folded.CountIn(Folded.Read(Path.Combine(dir, "a.folded")), "hot_fifty") > 0, "hot_fifty is in the graph");
        Assert.Equal(Bytes(dir, "b.folded"), Bytes(dir, "a.folded"));
        Assert.Equal(Bytes(dir, "b.svg"), Bytes(dir, "a.svg"));
    }

    [Fact]
    public void Recording_with_fp_folds_the_new_perf_data_without_perf_script()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("fp-record");

        var direct = Run("flamegraph", dir, "-v", "--call-graph", "fp", "--deterministic", "--folded-output", "a.folded", "-o", "a.svg", "--", workload.Program, "0.5");
        // The same recording, left in the directory, drawn through perf script.
        Run("flamegraph", dir, "--perf-script", "--perfdata", "perf.data", "--deterministic", "--folded-output", "b.folded", "-o", "b.svg");

        Assert.Contains(": record: perf record ", direct.Stderr);
        Assert.DoesNotContain(ScriptLine, direct.Stderr);
        Assert.True(Folded.CountIn(Folded.Read(Path.Combine(dir, "a.folded")), "hot_thirty") > 0, "hot_thirty is in the graph");
        Assert.Equal(Bytes(dir, "b.folded"), Bytes(dir, "a.folded"));
        Assert.Equal(Bytes(dir, "b.svg"), Bytes(dir, "a.svg"));
    }

    [Fact]
    public void Dotnet_flamegraph_reads_a_frame_pointer_recording_itself_too()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("fp-dotnet");

        // A command after `--` and no --project: an already built program, nothing is built.
        var result = Run("dotnet-flamegraph", dir, "-v", "--call-graph", "fp", "--folded-output", "a.folded", "-o", "a.svg", "--", workload.Program, "0.5");

        Assert.DoesNotContain(ScriptLine, result.Stderr);
        Assert.True(Folded.CountIn(Folded.Read(Path.Combine(dir, "a.folded")), "hot_fifty") > 0, "hot_fifty is in the graph");
    }

    [Fact]
    public void A_dwarf_recording_still_goes_through_perf_script()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("dwarf");
        Record(dir, "rec.data", "dwarf", "0.3");

        var result = Run("flamegraph", dir, "-v", "--perfdata", "rec.data", "--folded-output", "a.folded", "-o", "a.svg");

        Assert.Contains(ScriptLine + "perf script --force -i rec.data", result.Stderr);
        Assert.True(Folded.CountIn(Folded.Read(Path.Combine(dir, "a.folded")), "hot_fifty") > 0, "hot_fifty is in the graph");
    }

    [Fact]
    public void A_recording_cut_short_is_drawn_up_to_the_damage_and_fails()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("fp-cut");
        Record(dir, "rec.data", "fp", "0.5");
        byte[] whole = Bytes(dir, "rec.data");
        // The header says where the data section is (offset and size at bytes 40 and 48): keep
        // the first two thirds of it and nothing after.
        long dataOffset = BitConverter.ToInt64(whole, 40), dataSize = BitConverter.ToInt64(whole, 48);
        File.WriteAllBytes(Path.Combine(dir, "cut.data"), whole[..(int)(dataOffset + dataSize * 2 / 3)]);

        var result = ToolProcess.Run("flamegraph", ["--perfdata", "cut.data", "--folded-output", "cut.folded", "-o", "cut.svg"], workingDirectory: dir);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.Contains(": warning: "));
        Assert.Matches(@"^flamegraph: 'cut\.data': byte \d+: truncated: ", error);
        Assert.Contains("writing flamegraph to \"cut.svg\"", result.StdoutText);
        Assert.True(Folded.CountIn(Folded.Read(Path.Combine(dir, "cut.folded")), "hot_fifty") > 0, "the samples before the damage are drawn");
        Assert.Contains(">hot_fifty (", File.ReadAllText(Path.Combine(dir, "cut.svg")));
    }
}
