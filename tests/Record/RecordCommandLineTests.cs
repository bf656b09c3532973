using FlameGraph.Cli;
using FlameGraph.Internals;
using FlameGraph.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Record;

/// <summary>The command lines fg-record builds, and the option errors it gives, without running a profiler.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RecordCommandLineTests
{
    static readonly string[] Workload = ["./app", "--size", "big input"];

    [Fact]
    public void Default_perf_record_is_flamegraph_rs_command_line()
    {
        var (record, data) = PerfCommands.Record("perf", new RecordOptions { Command = Workload });

        Assert.Equal(["perf", "record", "-F", "997", "--call-graph", "dwarf,64000", "-g", "-o", "perf.data", "./app", "--size", "big input"], record.All);
        Assert.Equal("perf.data", data);
    }

    [Fact]
    public void Pids_frequency_call_graph_and_compression_go_where_perf_expects_them()
    {
        var (record, _) = PerfCommands.Record("/opt/perf", new RecordOptions
        {
            Pids = [12, 34, 56],
            Frequency = 99,
            CallGraph = "fp",
            CompressionLevel = 3,
        });

        Assert.Equal(["/opt/perf", "record", "-F", "99", "--call-graph", "fp", "-g", "-z=3", "-o", "perf.data", "-p", "12,34,56"], record.All);
    }

    [Fact]
    public void Custom_command_is_split_on_whitespace_and_gets_an_output_file_appended()
    {
        var (record, data) = PerfCommands.Record("perf", new RecordOptions { CustomCommand = "  record -e cycles\t-g ", Command = ["./app"], CompressionLevel = 5 });

        Assert.Equal(["perf", "record", "-e", "cycles", "-g", "-o", "perf.data", "./app"], record.All);
        Assert.Equal("perf.data", data);
    }

    [Fact]
    public void Custom_command_with_an_output_pair_names_the_data_file()
    {
        var (record, data) = PerfCommands.Record("perf", new RecordOptions { CustomCommand = "record -o /tmp/x.data -g", Pids = [7] });

        Assert.Equal(["perf", "record", "-o", "/tmp/x.data", "-g", "-p", "7"], record.All);
        Assert.Equal("/tmp/x.data", data);
    }

    [Fact]
    public void Control_arguments_go_before_the_workload()
    {
        var (record, _) = PerfCommands.Record("perf", new RecordOptions { Command = ["./app"], CallGraph = "lbr" }, ["--control", "fifo:c,a"]);

        Assert.Equal(["perf", "record", "-F", "997", "--call-graph", "lbr", "-g", "-o", "perf.data", "--control", "fifo:c,a", "./app"], record.All);
    }

    [Fact]
    public void Root_runs_record_and_script_through_sudo_with_its_flags()
    {
        var options = new RecordOptions { Command = ["./app"], Root = true, SudoFlags = "-E -H", NoInline = true };
        var (record, _) = PerfCommands.Record("perf", options);
        var script = PerfCommands.Script("perf", "perf.data", options);

        Assert.Equal(["sudo", "-E", "-H", "perf", "record", "-F", "997", "--call-graph", "dwarf,64000", "-g", "-o", "perf.data", "./app"], record.All);
        Assert.Equal(["sudo", "-E", "-H", "perf", "script", "--force", "--no-inline", "-i", "perf.data"], script.All);
    }

    [Fact]
    public void Script_reads_the_data_file_with_force()
    {
        Assert.Equal(["perf", "script", "--force", "-i", "my.data"], PerfCommands.Script("perf", "my.data", default).All);
    }

    [Fact]
    public void Dtrace_profiles_a_command_with_escaped_spaces()
    {
        var record = DtraceCommands.Record("dtrace", "out.stacks", new RecordOptions { Command = Workload });

        Assert.Equal(["dtrace", "-x", "ustackframes=100",
            "-n", "profile-997 /pid == $target/ { @[ustack(100)] = count(); }",
            "-o", "out.stacks", "-c", "./app --size big\\ input"], record.All);
    }

    [Fact]
    public void Dtrace_attaches_with_one_p_per_pid_and_takes_a_custom_program()
    {
        var record = DtraceCommands.Record("/usr/sbin/dtrace", "s", new RecordOptions
        {
            Pids = [5, 6],
            Frequency = 49,
            Root = true,
        });
        var custom = DtraceCommands.Record("dtrace", "s", new RecordOptions { Pids = [5], CustomCommand = "profile-99 { @[ustack()] = count(); }" });

        Assert.Equal(["sudo", "/usr/sbin/dtrace", "-x", "ustackframes=100",
            "-n", "profile-49 /pid == $target/ { @[ustack(100)] = count(); }", "-o", "s", "-p", "5", "-p", "6"], record.All);
        Assert.Equal("profile-99 { @[ustack()] = count(); }", custom.Arguments[3]);
    }

    [Fact]
    public void Verbose_lines_quote_arguments_for_a_shell()
    {
        var (record, _) = PerfCommands.Record("perf", new RecordOptions { Command = ["./app", "it's", ""] });

        Assert.Equal("perf record -F 997 --call-graph dwarf,64000 -g -o perf.data ./app 'it'\\''s' ''", record.ToString());
    }

    [Fact]
    public void Profiler_prefers_PERF_then_perf_in_PATH_then_dtrace()
    {
        using var scratch = new ScratchDirectory("fg-record-path-");
        string dir = scratch.Path;
        string fakeDtrace = Path.Combine(dir, "dtrace");
        File.WriteAllText(fakeDtrace, "#!/bin/sh\n");
        File.SetUnixFileMode(fakeDtrace, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        using var emptyScratch = new ScratchDirectory("fg-record-empty-");
        string empty = emptyScratch.Path;

        Assert.Equal(new Profiler(ProfilerKind.Perf, "/x/perf"), Profiler.Find(Env(("PERF", "/x/perf"), ("PATH", dir))));
        Assert.Equal(new Profiler(ProfilerKind.Dtrace, "dtrace"), Profiler.Find(Env(("PATH", dir))));
        Assert.Equal(new Profiler(ProfilerKind.Dtrace, "/y/dtrace"), Profiler.Find(Env(("PATH", empty), ("DTRACE", "/y/dtrace"))));
        var missing = Assert.Throws<StageException>(() => Profiler.Find(Env(("PATH", empty))));
        Assert.Equal("perf not found (looked for 'perf' in PATH; set PERF or install it: sudo apt-get install linux-perf)", missing.Message);
    }

    [Theory]
    [InlineData("1,2", "3")]
    [InlineData("1", "2,3")]
    public void Pids_may_repeat_and_be_comma_lists(string first, string second)
    {
        Assert.Equal([1, 2, 3], RecordCommandLine.ParsePids([first, second]));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1,,2")]
    [InlineData("-4")]
    [InlineData("0")]
    public void Bad_pids_are_usage_errors(string value)
    {
        Assert.Throws<OptionsException>(() => RecordCommandLine.ParsePids([value]));
    }

    [Theory]
    [InlineData(new[] { "-F", "99", "-c", "record -g", "--", "true" }, "fg-record: Cannot pass both a custom command and a frequency.")]
    [InlineData(new[] { "-p", "1", "--", "true" }, "fg-record: cannot pass in command with --pid")]
    [InlineData(new string[0], "fg-record: no workload given: pass -- CMD, --pid or --perfdata")]
    [InlineData(new[] { "--perfdata", "x.data", "--", "true" }, "fg-record: --perfdata prints an existing recording: do not pass a command or --pid with it")]
    [InlineData(new[] { "--call-graph", "dwarf,big", "--", "true" }, "fg-record: --call-graph must be dwarf[,SIZE], fp or lbr, not 'dwarf,big'")]
    [InlineData(new[] { "--duration", "0", "-p", "1" }, "fg-record: --duration must be a positive number of seconds, not 0")]
    [InlineData(new[] { "-p", "1,a" }, "fg-record: --pid takes process ids (PID[,PID...]), not '1,a'")]
    public void Option_mistakes_are_one_line_usage_errors(string[] args, string message)
    {
        var result = ToolProcess.Run("fg-record", args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message + "\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Perf_data_output_with_dtrace_is_a_usage_error()
    {
        using var scratch = new ScratchDirectory("fg-record-dtrace-");
        string dtraceRan = scratch.PathOf("dtrace-ran");
        string fakeDtrace = scratch.Write("dtrace", $"#!/bin/sh\ntouch '{dtraceRan}'\n");
        File.SetUnixFileMode(fakeDtrace, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        // No perf on PATH, a dtrace there: dtrace is the profiler.
        var result = ToolProcess.Run("fg-record", ["--perf-data", "--", "true"], workingDirectory: scratch.Path,
            environment: new Dictionary<string, string> { ["PATH"] = scratch.Path, ["PERF"] = "" });

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("fg-record: --perf-data is only supported with perf: dtrace writes no perf.data\n", result.Stderr);
        Assert.Empty(result.Stdout);
        Assert.False(File.Exists(dtraceRan), "nothing was recorded");
    }

    [Fact]
    public async Task Perf_data_output_to_a_terminal_is_a_usage_error()
    {
        using var scratch = new ScratchDirectory("fg-record-tty-");
        string dir = scratch.Path;
        string fgRecord = RepoPaths.Tool("fg-record");

        // stdout is the terminal; stderr and the status go to files.
        await using (var terminal = TerminalSession.Start($"PERF=/bin/true {fgRecord} --perf-data --perfdata rec.data 2> err.txt; echo $? > status.txt", dir))
            Assert.True(terminal.WaitForExit(TimeSpan.FromSeconds(30)), "fg-record ended");

        Assert.Equal("2", File.ReadAllText(Path.Combine(dir, "status.txt")).Trim());
        Assert.Equal("fg-record: --perf-data prints binary perf.data: send stdout to a pipe or a file (fg-record --perf-data ... | fg-collapse-perf)\n",
            File.ReadAllText(Path.Combine(dir, "err.txt")));
    }

    [Fact]
    public void A_PERF_that_does_not_exist_is_named_in_the_error()
    {
        var result = ToolProcess.Run("fg-record", ["--", "true"], environment: new Dictionary<string, string> { ["PERF"] = "/nonexistent" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-record: cannot run '/nonexistent': No such file or directory\n", result.Stderr);
    }

    [Fact]
    public void Perf_missing_from_PATH_gives_the_install_advice()
    {
        using var empty = new ScratchDirectory("fg-record-nopath-");
        var result = ToolProcess.Run("fg-record", ["--", "true"], environment: new Dictionary<string, string> { ["PATH"] = empty.Path });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-record: perf not found (looked for 'perf' in PATH; set PERF or install it: sudo apt-get install linux-perf)\n", result.Stderr);
    }

    [Fact]
    public void A_missing_perfdata_file_is_named()
    {
        var result = ToolProcess.Run("fg-record", ["--perfdata", "/nonexistent/perf.data"], environment: new Dictionary<string, string> { ["PERF"] = "/bin/true" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-record: cannot open '/nonexistent/perf.data': No such file or directory\n", result.Stderr);
    }

    [Fact]
    public async Task A_closed_stdout_stops_perf_script_and_ends_quietly()
    {
        using var scratch = new ScratchDirectory("fg-record-epipe-");
        string dir = scratch.Path;
        // A stand-in for perf whose "script" never ends on its own.
        string endless = Path.Combine(dir, "endless-perf");
        File.WriteAllText(endless, "#!/bin/sh\nexec yes 'sample line'\n");
        File.SetUnixFileMode(endless, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "perf.data"), "");
        var start = new System.Diagnostics.ProcessStartInfo(RepoPaths.Tool("fg-record"), ["--perfdata", "perf.data"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
            Environment = { ["PERF"] = endless },
        };
        using var tool = System.Diagnostics.Process.Start(start)!;
        var stderr = tool.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.Equal("sample line", tool.StandardOutput.ReadLine());
        tool.StandardOutput.Close();
        bool ended = tool.WaitForExit(TimeSpan.FromSeconds(20));

        if (!ended)
            tool.Kill(entireProcessTree: true);
        Assert.True(ended, "fg-record ended once its reader was gone");
        Assert.Equal(0, tool.ExitCode);
        Assert.Equal("", await stderr);
    }

    [Fact]
    public async Task A_sigint_while_the_stacks_are_printed_ends_at_once_with_status_130()
    {
        using var scratch = new ScratchDirectory("fg-record-abort-");
        string dir = scratch.Path;
        string endless = Path.Combine(dir, "endless-perf");
        string pidFile = Path.Combine(dir, "script.pid");
        File.WriteAllText(endless, $"#!/bin/sh\necho $$ > {pidFile}\nexec yes 'sample line'\n");
        File.SetUnixFileMode(endless, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "perf.data"), "");
        // `env --default-signal` undoes a SIGINT ignored by whoever started the test run.
        var start = new System.Diagnostics.ProcessStartInfo("env", ["--default-signal=INT", RepoPaths.Tool("fg-record"), "--perfdata", "perf.data"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
            Environment = { ["PERF"] = endless },
        };
        using var tool = System.Diagnostics.Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var drain = tool.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancel);
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
            await Task.Delay(50, cancel);

        Assert.True(UnixSignal.Send(tool.Id, UnixSignal.SIGINT));
        bool ended = tool.WaitForExit(TimeSpan.FromSeconds(20));

        if (!ended)
            tool.Kill(entireProcessTree: true);
        Assert.True(ended, "fg-record ended at the SIGINT");
        Assert.Equal(130, tool.ExitCode);
        await drain;
    }

    static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
