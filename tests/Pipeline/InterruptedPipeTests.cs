using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Pipeline;

/// <summary>
/// A Ctrl-C typed under `fg-record ... | fg-collapse-perf | fg-svg &gt; out.svg` reaches every stage.
/// A filter reading a pipe holds the first SIGINT and finishes its input (the stage before it is
/// stopping too and closes the pipe); a second SIGINT, or one while it reads a file, ends it with
/// status 130 at once.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class InterruptedPipeTests
{
    static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    /// <summary>Each filter, named by a case that <see cref="Case"/> turns into arguments and input.</summary>
    public static TheoryData<string> Filters() =>
    [
        "fg-collapse-perf",
        "fg-collapse-dtrace",
        "fg-fold-filter",
        "fg-fold-filter --post-process",
        "fg-svg",
        "fg-diff",
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_filter_reading_a_pipe_finishes_its_whole_input_after_one_ctrl_c(string name)
    {
        using var scratch = new ScratchDirectory("fg-sigint-");
        string dir = scratch.Path;
        var (tool, args, input) = Case(name, dir);
        var whole = ToolProcess.Run(tool, args, input);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.NotEmpty(whole.Stdout);

        // Its own process group: the Ctrl-C reaches a --post-process command too, as on a terminal.
        using var run = PipedTool.Start(tool, args, tempDirectory: dir, ownProcessGroup: true);
        run.Write(input[..(input.Length / 2)]);
        run.InterruptGroup();
        Thread.Sleep(300);
        Assert.False(run.HasExited, "the tool is still reading after one SIGINT: " + (run.HasExited ? run.Stderr : ""));
        run.Write(input[(input.Length / 2)..]);
        run.CloseInput();

        Assert.True(run.WaitForExit(Prompt), "the tool ended after its input did");
        Assert.True(run.ExitCode == 0, $"exit status {run.ExitCode}: {run.Stderr}");
        Assert.Equal(whole.Stderr, run.Stderr);
        Assert.True(whole.Stdout.AsSpan().SequenceEqual(run.Stdout), "the output is the output for the whole input");
        Assert.DoesNotContain(Directory.EnumerateFiles(dir), f => Path.GetFileName(f).StartsWith("fg-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_ctrl_c_ends_a_filter_reading_a_pipe_at_once_with_status_130()
    {
        byte[] input = FilterInputs.PerfScript();
        using var run = PipedTool.Start("fg-collapse-perf", []);
        run.Write(input[..(input.Length / 2)]);

        run.Interrupt();
        Thread.Sleep(300);
        Assert.False(run.HasExited, "one SIGINT is held");
        run.Interrupt();

        Assert.True(run.WaitForExit(Prompt), "the second SIGINT ended the tool with its input still open");
        Assert.Equal(130, run.ExitCode);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Fg_svg_after_one_ctrl_c_writes_the_complete_graph_and_leaves_no_temporary_file()
    {
        using var scratch = new ScratchDirectory("fg-sigint-svg-");
        string dir = scratch.Path;
        byte[] input = FilterInputs.Folded();
        var whole = ToolProcess.Run("fg-svg", [], input);
        Assert.True(whole.ExitCode == 0, whole.Stderr);

        using var run = PipedTool.Start("fg-svg", [], tempDirectory: dir);
        run.Write(input[..(input.Length / 2)]);
        string spool = Assert.Single(OpenFilesUnder(run.Id, dir));
        Assert.EndsWith(" (deleted)", spool); // pipe input is copied to a file that has no name left to leave behind
        run.Interrupt();
        run.Write(input[(input.Length / 2)..]);
        run.CloseInput();

        Assert.True(run.WaitForExit(Prompt), "fg-svg ended after its input did");
        Assert.True(run.ExitCode == 0, $"exit status {run.ExitCode}: {run.Stderr}");
        Assert.EndsWith("</svg>\n", run.StdoutText);
        Assert.Equal(whole.StdoutText, run.StdoutText);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void Fg_svg_ended_by_a_second_ctrl_c_leaves_no_temporary_file()
    {
        using var scratch = new ScratchDirectory("fg-sigint-svg-");
        string dir = scratch.Path;
        byte[] input = FilterInputs.Folded();
        using var run = PipedTool.Start("fg-svg", [], tempDirectory: dir);
        run.Write(input[..(input.Length / 2)]);
        Assert.Single(OpenFilesUnder(run.Id, dir));

        run.Interrupt();
        Thread.Sleep(300);
        run.Interrupt();

        Assert.True(run.WaitForExit(Prompt), "the second SIGINT ended fg-svg");
        Assert.Equal(130, run.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_filter_reading_a_named_file_ends_at_the_first_ctrl_c(string name)
    {
        using var scratch = new ScratchDirectory("fg-sigint-fifo-");
        string dir = scratch.Path;
        string fifo = Path.Combine(dir, "stacks.fifo");
        Assert.Equal(0, Mkfifo(fifo));
        var (tool, args, _) = Case(name, dir);
        args = [.. args.Select(a => a == "-" ? fifo : a)];
        if (!args.Contains(fifo))
            args = [.. args, fifo];

        // Its stdin is a pipe, as in a pipeline, but what it reads is the FIFO named as its file.
        using var run = PipedTool.Start(tool, args, tempDirectory: dir);
        using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write)) // returns once the tool opened it
        {
            Thread.Sleep(300); // the tool is now waiting in open or read for data that never comes
            run.Interrupt();
            Assert.True(run.WaitForExit(Prompt), "one SIGINT ended a tool reading a file");
        }
        Assert.Equal(130, run.ExitCode);
        Assert.Empty(run.Stdout);
    }

    /// <summary>
    /// fg-collapse-perf --inline asks addr2line about each pc while it reads. A Ctrl-C typed at the
    /// terminal reaches the addr2line running at that moment too; it must not die of it, or its
    /// pc would keep perf's symbol instead of addr2line's answer.
    /// </summary>
    [Fact]
    public async Task A_ctrl_c_held_by_fg_collapse_perf_inline_does_not_kill_the_addr2line_it_waits_for()
    {
        using var scratch = new ScratchDirectory("fg-sigint-inline-");
        string dir = scratch.Path;
        string binary = Path.Combine(dir, "demo");
        var source = new System.Text.StringBuilder("int work(int x)\n{\n");
        for (int i = 0; i < 400; i++)
            source.Append($"    x = x * {i % 7 + 2} + {i};\n");
        source.Append("    return x;\n}\nint main(int c, char **v) { return work(c); }\n");
        // Functions that only make the debug information large, so each addr2line runs for
        // milliseconds, long enough to be caught running by the Ctrl-C.
        for (int f = 0; f < 3000; f++)
            source.Append($"int pad{f}(int x) {{ for (int i = 0; i < {f}; i++) x = x * 3 + i; return x; }}\n");
        File.WriteAllText(Path.Combine(dir, "demo.c"), source.ToString());
        var gcc = Record.RealPerf.Run("gcc", ["-g", "-O0", "-o", binary, "demo.c"], dir);
        var nm = gcc.ExitCode == 0 ? Record.RealPerf.Run("nm", [binary], dir) : default;
        if (gcc.ExitCode != 0 || nm.ExitCode != 0)
            Assert.Skip("gcc or nm not available: --inline under Ctrl-C NOT checked");
        ulong work = Convert.ToUInt64(nm.Stdout.Split('\n').Single(l => l.EndsWith(" T work")).Split(' ')[0], 16);

        // 300 samples at distinct pcs inside work, each named otherwise than addr2line names
        // it, then kernel samples (no addr2line) to fill more than the 1 MB read at once, so
        // the pcs are resolved while stdin is still open.
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 300; i++)
            text.Append($"demo 5 1.0: 1 cpu-clock:\n\t{work + (ulong)(i * 4):x} perfs_own_name ({binary})\n\n");
        for (int i = 0; text.Length < 1_600_000; i++)
            text.Append($"demo 5 2.{i:D6}: 1 cpu-clock:\n\tffffffff8100{i % 100:D4} kernel_spin{i % 5} ([kernel.kallsyms])\n\n");
        byte[] input = System.Text.Encoding.ASCII.GetBytes(text.ToString());
        var whole = ToolProcess.Run("fg-collapse-perf", ["--inline"], input);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Contains("demo;work 300\n", whole.StdoutText);

        using var run = PipedTool.Start("fg-collapse-perf", ["--inline"], ownProcessGroup: true);
        var writing = run.WriteAsync(input[..^100_000]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (run.Children("addr2line").Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(60) && !run.HasExited)
            Thread.Sleep(1);
        Assert.False(run.HasExited, run.HasExited ? run.Stderr : "");
        run.InterruptGroup(); // the tool and the addr2line it is waiting for, as a terminal's Ctrl-C
        await writing.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        run.Write(input[^100_000..]);
        run.CloseInput();

        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(120)), "the tool ended after its input did");
        Assert.True(run.ExitCode == 0, $"exit status {run.ExitCode}: {run.Stderr}");
        Assert.Equal(whole.StdoutText, run.StdoutText);
    }

    /// <summary>
    /// fg-fold-filter --post-process runs its command after the input has ended. A Ctrl-C typed
    /// while it runs is the first one the filter sees: held, and the command in the same process
    /// group must not die of it either, or the filter would fail with its status.
    /// </summary>
    [Fact]
    public void A_ctrl_c_held_by_fg_fold_filter_does_not_kill_its_post_process_command()
    {
        byte[] input = FilterInputs.Folded();
        string[] args = ["--post-process", "sh -c 'sleep 1; exec cat'"];
        var whole = ToolProcess.Run("fg-fold-filter", args, input);
        Assert.True(whole.ExitCode == 0, whole.Stderr);

        using var run = PipedTool.Start("fg-fold-filter", args, ownProcessGroup: true);
        run.Write(input);
        run.CloseInput();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (run.Children("sh").Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30) && !run.HasExited)
            Thread.Sleep(1);
        Assert.False(run.HasExited, run.HasExited ? run.Stderr : "");
        run.InterruptGroup(); // the filter, sh and its sleep, as a terminal's Ctrl-C

        Assert.True(run.WaitForExit(Prompt), "the filter ended after its command did");
        Assert.True(run.ExitCode == 0, $"exit status {run.ExitCode}: {run.Stderr}");
        Assert.Equal(whole.StdoutText, run.StdoutText);
    }

    /// <summary>A case of <see cref="Filters"/>: the tool, its arguments (stdin is "-" or implied) and its input.</summary>
    static (string Tool, string[] Args, byte[] Input) Case(string name, string dir)
    {
        switch (name)
        {
            case "fg-collapse-perf":
                return (name, [], FilterInputs.PerfScript());
            case "fg-collapse-dtrace":
                return (name, [], FilterInputs.Dtrace());
            case "fg-fold-filter":
                return (name, ["--collapse-recursion"], FilterInputs.Folded());
            case "fg-fold-filter --post-process":
                return ("fg-fold-filter", ["--post-process", "sort -r"], FilterInputs.Folded());
            case "fg-svg":
                return (name, [], FilterInputs.Folded());
            case "fg-diff":
                string after = Path.Combine(dir, "after.folded");
                File.WriteAllBytes(after, FilterInputs.Folded(seed: 5));
                return (name, ["-", after], FilterInputs.Folded());
            default:
                throw new ArgumentException(name);
        }
    }

    /// <summary>Where the files a process has open under <paramref name="dir"/> point (" (deleted)" once unlinked).</summary>
    static List<string> OpenFilesUnder(int pid, string dir)
    {
        var targets = new List<string>();
        foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith(dir + "/", StringComparison.Ordinal))
                targets.Add(target);
        }
        return targets;
    }

    static int Mkfifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        return mkfifo.ExitCode;
    }
}
