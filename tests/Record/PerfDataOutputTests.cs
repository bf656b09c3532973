using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Record;

/// <summary>
/// fg-record --perf-data: the recording itself on stdout, for fg-collapse-perf to read without
/// perf script (skipped, visibly, where perf cannot record).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class PerfDataOutputTests(RealPerf perf) : IClassFixture<RealPerf>
{
    /// <summary>Runs a bash pipeline with the built tools first on PATH; returns its stdout.</summary>
    static string Pipeline(string dir, string pipeline)
    {
        var run = RealPerf.Run("bash", ["-c", $"set -o pipefail; PATH={RepoPaths.BinDir}:$PATH; {pipeline}"], dir);
        Assert.True(run.ExitCode == 0, $"{pipeline}: {run.Stderr}");
        return run.Stdout;
    }

    [Fact]
    public void A_recording_folds_to_the_same_stacks_as_its_perf_script_text()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perf-data-same");
        var record = RealPerf.Run("perf", ["record", "-F", "997", "--call-graph", "fp", "-g", "-o", "rec.data", perf.Workload, "0.5"], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);

        string viaBinary = Pipeline(dir, "fg-record --perf-data --perfdata rec.data | fg-collapse-perf");
        string viaText = Pipeline(dir, "fg-record --perfdata rec.data | fg-collapse-perf");

        Assert.Contains(";hot_three ", viaBinary);
        Assert.Equal(viaText, viaBinary);
    }

    [Fact]
    public void An_existing_recording_is_copied_through_byte_for_byte()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perf-data-copy");
        var record = RealPerf.Run("perf", ["record", "-F", "997", "--call-graph", "fp", "-g", "-o", "rec.data", perf.Workload, "0.3"], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);

        var result = ToolProcess.Run("fg-record", ["--perf-data", "--perfdata", "rec.data"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "rec.data")), result.Stdout);
    }

    [Fact]
    public void A_new_recording_goes_down_the_pipe_as_perf_data_and_is_left_in_place()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perf-data-record");

        // `tee` keeps what went down the pipe, to compare with the perf.data left behind.
        string folded = Pipeline(dir, $"fg-record --perf-data --call-graph fp -- '{perf.Workload}' 0.5 | tee piped.data | fg-collapse-perf");

        Assert.Contains(";hot_three ", folded);
        Assert.Contains(";hot_one ", folded);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "perf.data")), File.ReadAllBytes(Path.Combine(dir, "piped.data")));
    }
}
