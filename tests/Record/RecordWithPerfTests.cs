using System.Diagnostics;
using FlameGraph.Internals;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Record;

/// <summary>fg-record driving the real perf on record-hot.c (skipped, visibly, where perf cannot record).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RecordWithPerfTests(RealPerf perf) : IClassFixture<RealPerf>
{
    const string UnwindFast = "fp";

    [Fact]
    public void Records_a_command_and_prints_both_hot_functions_in_a_3_to_1_ratio()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("ratio");

        var result = ToolProcess.Run("fg-record", ["--call-graph", UnwindFast, "--", perf.Workload, "1"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        int three = RealPerf.SamplesIn(result.StdoutText, "hot_three");
        int one = RealPerf.SamplesIn(result.StdoutText, "hot_one");
        Assert.True(one >= 20, $"too few samples in hot_one ({one}) to judge the ratio");
        double ratio = (double)three / one;
        Assert.InRange(ratio, 2.2, 4.0);
        Assert.True(File.Exists(Path.Combine(dir, "perf.data")), "perf.data is left in the working directory");
    }

    [Fact]
    public void Default_recording_uses_dwarf_unwinding()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("dwarf");

        var result = ToolProcess.Run("fg-record", ["--", perf.Workload, "0.3"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(RealPerf.SamplesIn(result.StdoutText, "hot_three") > 0, "hot_three is in the stacks");
        var evlist = RealPerf.Run("perf", ["evlist", "-v", "-i", "perf.data"], dir);
        Assert.Contains("STACK_USER", evlist.Stdout);
    }

    [Fact]
    public void Perfdata_prints_exactly_what_perf_script_prints()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata");
        var record = RealPerf.Run("perf", ["record", "-F", "997", "--call-graph", UnwindFast, "-g", "-o", "rec.data", perf.Workload, "0.3"], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);
        var script = RealPerf.Run("perf", ["script", "--force", "-i", "rec.data"], dir);

        var result = ToolProcess.Run("fg-record", ["--perfdata", "rec.data"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(script.Stdout, result.StdoutText);
        Assert.True(RealPerf.SamplesIn(result.StdoutText, "hot_three") > 0, "the recording has samples");
        Assert.False(File.Exists(Path.Combine(dir, "perf.data")), "nothing new was recorded");
    }

    [Fact]
    public void Custom_record_arguments_with_an_output_pair_name_the_data_file()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("custom");

        var result = ToolProcess.Run("fg-record",
            ["-c", "record -F 499 --call-graph fp -g -o custom.data", "--", perf.Workload, "0.3"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(Path.Combine(dir, "custom.data")));
        Assert.False(File.Exists(Path.Combine(dir, "perf.data")));
        Assert.True(RealPerf.SamplesIn(result.StdoutText, "hot_three") > 0, "hot_three is in the stacks");
    }

    [Fact]
    public void Pid_with_duration_stops_after_the_duration_and_leaves_the_process_running()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("pid");
        using var busy = Process.Start(new ProcessStartInfo(perf.Workload, ["120"]) { UseShellExecute = false })!;
        try
        {
            double cpuBefore = CpuSeconds(busy.Id);
            var clock = Stopwatch.StartNew();

            var result = ToolProcess.Run("fg-record", ["--call-graph", UnwindFast, "-p", busy.Id.ToString(), "--duration", "1"],
                workingDirectory: dir, timeoutSeconds: 60);

            clock.Stop();
            double cpuDuring = CpuSeconds(busy.Id) - cpuBefore;
            Assert.False(busy.HasExited, "the attached process lives on");
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.0, 20.0);
            if (result.ExitCode != 0 && cpuDuring < 0.05)
                Assert.Skip($"the machine is too loaded: the busy process got {cpuDuring:F3} s of CPU while attached ({result.Stderr.Trim()})");
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.True(RealPerf.SamplesIn(result.StdoutText, "hot_three") > 0, "hot_three is in the stacks");
        }
        finally
        {
            busy.Kill();
            busy.WaitForExit();
        }
    }

    [Fact]
    public void Duration_stops_a_command_and_its_stacks_are_printed()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("duration");
        var clock = Stopwatch.StartNew();

        var result = ToolProcess.Run("fg-record", ["--call-graph", UnwindFast, "--duration", "1", "--", perf.Workload, "120"],
            workingDirectory: dir, timeoutSeconds: 60);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.0, 30.0);
        Assert.True(RealPerf.SamplesIn(result.StdoutText, "hot_three") > 0, "hot_three is in the stacks");
        Assert.Empty(ProcessesRunning(perf.Workload));
    }

    [Fact]
    public void A_failing_command_is_an_error_unless_its_status_is_ignored()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("status");

        var failed = ToolProcess.Run("fg-record", ["--call-graph", UnwindFast, "--", perf.Workload, "0.2", "3"], workingDirectory: dir);
        var kept = ToolProcess.Run("fg-record", ["--call-graph", UnwindFast, "--ignore-status", "--", perf.Workload, "0.2", "3"], workingDirectory: dir);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("fg-record: the command exited with status 3 (use --ignore-status to keep its profile)\n", failed.Stderr);
        Assert.Empty(failed.Stdout);
        Assert.True(kept.ExitCode == 0, kept.Stderr);
        Assert.True(RealPerf.SamplesIn(kept.StdoutText, "hot_three") > 0, "the profile is printed anyway");
    }

    [Fact]
    public async Task One_sigint_stops_the_recording_and_the_stacks_are_still_printed()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("sigint");
        // `env --default-signal` undoes a SIGINT ignored by whoever started the test run (a
        // background job of a non-interactive shell ignores it), which the tool would inherit.
        var start = new ProcessStartInfo("env")
        {
            ArgumentList = { "--default-signal=INT", RepoPaths.Tool("fg-record"), "--call-graph", UnwindFast, "--", perf.Workload, "120" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        using var tool = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stdout = tool.StandardOutput.ReadToEndAsync(cancel);
        var stderr = tool.StandardError.ReadToEndAsync(cancel);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4), cancel);
            Assert.False(tool.HasExited, "still recording after 4 s");

            Assert.True(UnixSignal.Send(tool.Id, UnixSignal.SIGINT));
            bool ended = tool.WaitForExit(TimeSpan.FromSeconds(60));

            Assert.True(ended, "fg-record ended after one SIGINT");
            Assert.True(tool.ExitCode == 0, await stderr);
            Assert.True(RealPerf.SamplesIn(await stdout, "hot_three") > 0, "the stacks recorded until the SIGINT are printed");
            Assert.Empty(ProcessesRunning(perf.Workload));
        }
        finally
        {
            if (!tool.HasExited)
                tool.Kill(entireProcessTree: true);
            foreach (int pid in ProcessesRunning(perf.Workload))
                UnixSignal.Send(pid, UnixSignal.SIGKILL);
        }
    }

    [Fact]
    public async Task One_ctrl_c_typed_on_a_terminal_stops_the_recording_and_the_stacks_are_still_printed()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("terminal");
        string fgRecord = TerminalSession.AsTyped($"{RepoPaths.Tool("fg-record")} --call-graph {UnwindFast} -- {perf.Workload} 120");
        await using var terminal = TerminalSession.Start($"{fgRecord} > out.txt 2> err.txt; echo $? > status.txt", dir);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            await terminal.TypeCtrlC();
            bool ended = terminal.WaitForExit(TimeSpan.FromSeconds(60));

            Assert.True(ended, "one Ctrl-C was enough");
            Assert.Equal("0", File.ReadAllText(Path.Combine(dir, "status.txt")).Trim());
            Assert.True(RealPerf.SamplesIn(File.ReadAllText(Path.Combine(dir, "out.txt")), "hot_three") > 0,
                "the stacks are printed: " + File.ReadAllText(Path.Combine(dir, "err.txt")));
            Assert.Empty(ProcessesRunning(perf.Workload));
        }
        finally
        {
            foreach (int pid in ProcessesRunning(perf.Workload))
                UnixSignal.Send(pid, UnixSignal.SIGKILL);
        }
    }

    [Fact]
    public void Verbose_prints_the_record_and_script_command_lines()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("verbose");

        var result = ToolProcess.Run("fg-record", ["-v", "--call-graph", UnwindFast, "--", perf.Workload, "0.2"], workingDirectory: dir);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"fg-record: record: perf record -F 997 --call-graph fp -g -o perf.data {perf.Workload} 0.2\n", result.Stderr);
        Assert.Contains("fg-record: script: perf script --force -i perf.data\n", result.Stderr);
    }

    [Fact]
    public void A_recording_without_samples_says_so()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("empty");

        var result = ToolProcess.Run("fg-record", ["-F", "1", "--call-graph", UnwindFast, "--", "true"], workingDirectory: dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("fg-record: no samples in 'perf.data'", result.Stderr);
    }

    [Fact]
    public void A_recording_refused_for_lack_of_permission_gives_the_paranoid_advice()
    {
        perf.Require();
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
            Assert.Skip("needs root and setpriv to run fg-record as an unprivileged user: permission advice NOT checked");
        string dir = perf.NewWorkDirectory("permission");
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);

        // An unprivileged user may not attach to init, whatever perf_event_paranoid says.
        var result = RealPerf.Run("/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", RepoPaths.Tool("fg-record"), "--call-graph", UnwindFast, "-p", "1", "--duration", "1"], dir);

        Assert.Equal(1, result.ExitCode);
        string last = result.Stderr.TrimEnd('\n').Split('\n')[^1];
        Assert.StartsWith("fg-record: perf record is not allowed to profile", last);
        Assert.EndsWith("allow it with 'sudo sysctl kernel.perf_event_paranoid=1', or run with --root", last);
        Assert.Empty(result.Stdout);
    }

    /// <summary>User plus system CPU time of a process, from /proc.</summary>
    static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat(5) (utime, stime), counted from after "pid (comm)".
        long ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return ticks / 100.0;
    }

    /// <summary>Pids whose command line starts with <paramref name="program"/>.</summary>
    static List<int> ProcessesRunning(string program)
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.StartsWith(program + "\0", StringComparison.Ordinal))
                    pids.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return pids;
    }
}
