using System.Diagnostics;
using System.Text.RegularExpressions;
using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Wrapper;

/// <summary>flamegraph driving the real perf on demo/workload.c (skipped, visibly, where perf cannot record).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class WrapperWithPerfTests(DemoWorkload workload) : IClassFixture<DemoWorkload>
{
    const string UnwindFast = "fp";

    [Fact]
    public void Hot_functions_land_in_the_folded_output_in_their_known_shares()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("shares");

        var result = ToolProcess.Run("flamegraph", ["--call-graph", UnwindFast, "--folded-output", "out.folded", "-o", "out.svg", "--", workload.Program, "1.5"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("writing flamegraph to \"out.svg\"", result.StdoutText);
        var stacks = Folded.Read(Path.Combine(dir, "out.folded"));
        double fifty = Folded.CountIn(stacks, "hot_fifty"), thirty = Folded.CountIn(stacks, "hot_thirty"), twenty = Folded.CountIn(stacks, "hot_twenty");
        double hot = fifty + thirty + twenty;
        Assert.True(hot > 0, "the hot functions are in the folded stacks");
        Assert.InRange(fifty / hot, 0.42, 0.58);
        Assert.InRange(thirty / hot, 0.23, 0.37);
        Assert.InRange(twenty / hot, 0.14, 0.26);
        string svg = File.ReadAllText(Path.Combine(dir, "out.svg"));
        Assert.StartsWith("<?xml", svg);
        Assert.Contains(">hot_fifty (", svg);
    }

    [Fact]
    public void Pid_with_duration_records_a_running_process_for_that_long()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("pid");
        using var target = Process.Start(new ProcessStartInfo(workload.Program, ["20"]) { UseShellExecute = false })!;
        try
        {
            var clock = Stopwatch.StartNew();
            var result = ToolProcess.Run("flamegraph", ["--pid", target.Id.ToString(), "--duration", "1", "--call-graph", UnwindFast, "--folded-output", "pid.folded"], workingDirectory: dir);

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"recording stopped after --duration (took {clock.Elapsed})");
            Assert.False(target.HasExited, "the attached process lives on");
            Assert.True(Folded.CountIn(Folded.Read(Path.Combine(dir, "pid.folded")), "hot_fifty") > 0);
            Assert.True(File.Exists(Path.Combine(dir, "flamegraph.svg")), "the default output is flamegraph.svg");
        }
        finally
        {
            target.Kill();
        }
    }

    [Fact]
    public void A_failing_command_is_an_error_unless_ignore_status()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("status");

        var failed = ToolProcess.Run("flamegraph", ["--call-graph", UnwindFast, "-o", "failed.svg", "--", workload.Program, "0.3", "3"], workingDirectory: dir);
        var ignored = ToolProcess.Run("flamegraph", ["--call-graph", UnwindFast, "-o", "ignored.svg", "--ignore-status", "--", workload.Program, "0.3", "3"], workingDirectory: dir);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("flamegraph: the command exited with status 3", failed.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "failed.svg")), "no graph of a failed command");
        Assert.True(ignored.ExitCode == 0, ignored.Stderr);
        Assert.Contains(">hot_fifty (", File.ReadAllText(Path.Combine(dir, "ignored.svg")));
    }

    [Fact]
    public async Task One_interrupt_stops_the_recording_and_the_graph_is_still_written()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("sigint");
        var start = new ProcessStartInfo(RepoPaths.Tool("flamegraph"), ["--call-graph", UnwindFast, "-o", "int.svg", "--", workload.Program, "60"])
        {
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        using var tool = Process.Start(start)!;
        var stdout = tool.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = tool.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // perf creates its data file once it is set up; a little later it samples (later still on a
        // busy machine, where the workload may wait for a core).
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(dir, "perf.data")) && clock.Elapsed < TimeSpan.FromSeconds(20))
            Thread.Sleep(100);
        Thread.Sleep(4000);
        Assert.Equal(0, kill(tool.Id, SIGINT));

        Assert.True(tool.WaitForExit(30_000), "flamegraph ended after one SIGINT");
        Assert.True(tool.ExitCode == 0, await stderr);
        Assert.Contains("writing flamegraph to \"int.svg\"", await stdout);
        Assert.Contains(">hot_fifty (", File.ReadAllText(Path.Combine(dir, "int.svg")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), "the 60 s workload was stopped too");
    }

    [Fact]
    public void Per_thread_gives_one_root_per_thread()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("threads");

        var result = ToolProcess.Run("flamegraph", ["--call-graph", UnwindFast, "--per-thread", "--folded-output", "t.folded", "--", workload.Program, "1", "0", "3"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var stacks = Folded.Read(Path.Combine(dir, "t.folded"));
        var hotRoots = stacks.Where(s => s.Frames.Contains("hot_fifty")).Select(s => s.Frames[0]).Distinct().ToList();
        Assert.All(hotRoots, root => Assert.Matches(ThreadRoot(), root));
        Assert.Equal(3, hotRoots.Count);
        Assert.Single(hotRoots.Select(r => r[..r.IndexOf('/')]).Distinct());
    }

    [Fact]
    public void Perfdata_gives_the_same_svg_as_the_explicit_pipeline()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("same");
        var record = RealPerf.Run("perf", ["record", "-F", "997", "--call-graph", UnwindFast, "-g", "-o", "rec.data", workload.Program, "0.5"], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);

        (string[] Wrapper, string Pipeline)[] cases =
        [
            (["--deterministic"],
                "fg-record --perfdata rec.data | fg-collapse-perf | fg-fold-filter --demangle | fg-svg --deterministic --minwidth 0.01%"),
            (["--deterministic", "--inverted", "--title", "T", "--palette", "rust", "--skip-after", "main", "--min-width", "0.5"],
                "fg-record --perfdata rec.data | fg-collapse-perf | fg-fold-filter --demangle --skip-after main | fg-svg --deterministic --inverted --title T --colors rust --minwidth 0.5%"),
            // --per-thread asks perf script for the PID too, so the thread roots are comm-PID/TID.
            (["--per-thread"],
                "perf script --force -F +pid -i rec.data | fg-collapse-perf --tid | fg-fold-filter --demangle | fg-svg --minwidth 0.01%"),
        ];
        foreach (var (wrapperArgs, pipeline) in cases)
        {
            var wrapper = ToolProcess.Run("flamegraph", ["--perfdata", "rec.data", "-o", "a.svg", .. wrapperArgs], workingDirectory: dir);
            Assert.True(wrapper.ExitCode == 0, wrapper.Stderr);
            string script = $"set -o pipefail; PATH={RepoPaths.BinDir}:$PATH; {pipeline} > b.svg";
            var explicitRun = RealPerf.Run("bash", ["-c", script], dir);
            Assert.True(explicitRun.ExitCode == 0, explicitRun.Stderr);

            byte[] a = File.ReadAllBytes(Path.Combine(dir, "a.svg")), b = File.ReadAllBytes(Path.Combine(dir, "b.svg"));
            Assert.True(a.Length > 1000, "a real graph was drawn");
            Assert.True(a.AsSpan().SequenceEqual(b), $"flamegraph {string.Join(' ', wrapperArgs)} differs from: {pipeline}");
        }
    }

    [Fact]
    public void Open_without_xdg_open_says_so_and_still_writes_the_graph()
    {
        workload.Require();
        string dir = workload.NewWorkDirectory("open");
        var record = RealPerf.Run("perf", ["record", "-F", "997", "--call-graph", UnwindFast, "-g", "-o", "rec.data", workload.Program, "0.3"], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);
        string perf = FlameGraph.Record.Profiler.SearchPath("perf", Environment.GetEnvironmentVariable("PATH"))!;

        var result = ToolProcess.Run("flamegraph", ["--perfdata", "rec.data", "--open", "-o", "open.svg"], workingDirectory: dir,
            environment: new Dictionary<string, string> { ["PATH"] = Path.Combine(dir, "empty-path"), ["PERF"] = perf });

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("warning: cannot open 'open.svg': xdg-open is not installed", result.Stderr);
        Assert.True(File.Exists(Path.Combine(dir, "open.svg")));
    }

    const int SIGINT = 2;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    [GeneratedRegex(@"^workload-\d+/\d+$")]
    private static partial Regex ThreadRoot();
}
