using System.Text;
using FlameGraph.Collapse.Dtrace;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapseDtrace;

/// <summary>
/// fg-collapse-dtrace's inputs: bad and odd input on the stage in process; files, stdin, option
/// spellings and errors as a user meets them on the tool.
/// </summary>
public class CollapseDtraceInputTests
{
    const string Tool = "fg-collapse-dtrace";

    const string Header = "CPU     ID                    FUNCTION:NAME\n  0  64091                        :tick-60s \n\n";

    const string TwoStacks = Header
        + "              unix`i86_mwait+0xd\n"
        + "              unix`cpu_idle+0x114\n"
        + "              unix`thread_start+0x8\n"
        + "             1641\n"
        + "\n"
        + "              genunix`fop_read+0x8b\n"
        + "              unix`sys_syscall+0x17a\n"
        + "               12\n";

    const string TwoStacksFolded =
        "unix`sys_syscall;genunix`fop_read 12\n"
        + "unix`thread_start;unix`cpu_idle;unix`i86_mwait 1641\n";

    static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The stage in process on named inputs, as the tool reads its files.</summary>
    static StageResult Fold(DtraceCollapseOptions options, params (string Name, byte[] Content)[] inputs) =>
        StageRun.Run(new DtraceCollapser(options).Run, inputs);

    [Fact]
    public void Reads_stdin_when_no_file_is_named()
    {
        var result = ToolProcess.Run(Tool, [], Bytes(TwoStacks));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TwoStacksFolded, result.StdoutText);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Dash_is_stdin()
    {
        var result = ToolProcess.Run(Tool, ["-"], Bytes(TwoStacks));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TwoStacksFolded, result.StdoutText);
    }

    [Fact]
    public void Empty_input_gives_empty_output_and_no_message()
    {
        var result = ToolProcess.Run(Tool, [], []);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Missing_file_is_a_one_line_error_with_status_1()
    {
        using var scratch = new ScratchDirectory("fg-collapse-dtrace-");
        var result = ToolProcess.Run(Tool, ["x"], workingDirectory: scratch.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-collapse-dtrace: cannot open 'x': No such file or directory\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Missing_file_after_a_good_one_fails_before_any_output()
    {
        using var scratch = new ScratchDirectory("fg-collapse-dtrace-");
        string good = scratch.Write("good.txt", TwoStacks);
        var result = ToolProcess.Run(Tool, [good, "/nonexistent/x.txt"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-collapse-dtrace: cannot open '/nonexistent/x.txt': No such file or directory\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Stack_without_count_at_the_end_is_dropped_with_one_warning_naming_file_and_line()
    {
        // Lines 4-7 and 9-11 are two complete stacks; the stack from line 13 (after a blank line) never gets its count.
        var result = Fold(default, ("cut.txt", Bytes(TwoStacks + "\n              unix`swtch+0x10\n              unix`cv_wait+0x3c\n")));
        Assert.Equal(TwoStacksFolded, result.Text);
        string warning = Assert.Single(result.Warnings);
        Assert.StartsWith("cut.txt:13: ", warning);
        Assert.Contains("no count", warning);
    }

    [Theory]
    [InlineData("-q")]
    [InlineData("--quiet")]
    public void Quiet_silences_the_warning_but_keeps_the_output(string option)
    {
        var result = ToolProcess.Run(Tool, [option], Bytes(TwoStacks + "  unix`swtch+0x10\n"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TwoStacksFolded, result.StdoutText);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Crlf_input_folds_like_the_same_input_with_lf()
    {
        var result = Fold(default, ("-", Bytes(TwoStacks.Replace("\n", "\r\n"))));
        Assert.Equal(TwoStacksFolded, result.Text);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Binary_garbage_is_survived_and_what_came_before_it_is_kept()
    {
        // Bytes without digits can never form a count line, so the garbage is one unfinished stack.
        var random = new Random(1234);
        var garbage = new byte[64 * 1024];
        for (int i = 0; i < garbage.Length; i++)
        {
            int b = random.Next(256);
            garbage[i] = (byte)(b is >= '0' and <= '9' ? 0 : b);
        }
        var result = Fold(default, ("-", [.. Bytes(TwoStacks), .. garbage]));
        Assert.Equal(TwoStacksFolded, result.Text);
        Assert.Contains("no count", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Several_files_are_one_input_with_one_header_as_in_stackcollapse_pl()
    {
        // Perl's <> joins the files: only the first file's three header lines are skipped, and
        // the second file's header becomes frames of its first stack.
        var result = Fold(default, ("a.txt", Bytes(Header + "  unix`idle+0x1\n  5\n")), ("b.txt", Bytes("CPU ID\n  0 1 :tick\n\n  genunix`read+0x2\n  3\n")));
        Assert.Equal("genunix`read;0 1 :tick;CPU ID 3\nunix`idle 5\n", result.Text);
    }

    [Theory]
    [InlineData("-n", "4")]
    [InlineData("--nthreads", "1")]
    [InlineData("--nthreads=2")]
    [InlineData("-nthreads", "3")]
    public void Thread_count_is_accepted_and_changes_nothing(params string[] options)
    {
        var result = ToolProcess.Run(Tool, options, Bytes(TwoStacks));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TwoStacksFolded, result.StdoutText);
    }

    [Theory]
    [InlineData("--includeoffset")]
    [InlineData("-includeoffset")]
    [InlineData("--include")]
    public void Includeoffset_keeps_offsets_except_the_leafs_in_every_spelling(string option)
    {
        var result = ToolProcess.Run(Tool, [option], Bytes(TwoStacks));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("unix`sys_syscall+0x17a;genunix`fop_read 12\n"
            + "unix`thread_start+0x8;unix`cpu_idle+0x114;unix`i86_mwait 1641\n", result.StdoutText);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var result = ToolProcess.Run(Tool, ["--no-such-option"], Bytes(TwoStacks));
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fg-collapse-dtrace: ", result.Stderr);
        Assert.Contains("--no-such-option", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Thread_count_must_be_a_number()
    {
        var result = ToolProcess.Run(Tool, ["-n", "many"], Bytes(TwoStacks));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("fg-collapse-dtrace: ", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Help_lists_the_options()
    {
        var result = ToolProcess.Run(Tool, ["--help"]);
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--includeoffset", "--nthreads", "--quiet" })
            Assert.Contains(option, result.StdoutText);
    }
}
