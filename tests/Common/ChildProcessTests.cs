using FlameGraph.Internals;

namespace FlameGraph.Tests.Common;

public class ChildProcessTests
{
    [Fact]
    public void Streams_stdout_and_reports_the_exit_status()
    {
        using var child = ChildProcess.Start("/bin/sh", ["-c", "head -c 300000 /dev/zero | tr '\\0' x; exit 7"],
            new ChildProcessOptions { Output = ChildOutput.Stream, NoInput = true });
        using var sink = new MemoryStream();

        long copied = child.CopyOutputTo(sink);
        var status = child.WaitForExit();

        Assert.Equal(300000, copied);
        Assert.Equal(300000, sink.Length);
        Assert.All(sink.ToArray(), b => Assert.Equal((byte)'x', b));
        Assert.Equal(7, status.Code);
        Assert.Equal(0, status.Signal);
        Assert.Equal("exited with status 7", status.ToString());
    }

    [Fact]
    public void Keeps_the_end_of_stderr()
    {
        using var child = ChildProcess.Start("/bin/sh", ["-c", "i=0; while [ $i -lt 10 ]; do echo line $i >&2; i=$((i+1)); done"],
            new ChildProcessOptions { CaptureStderr = true, StderrTailBytes = 30 });

        Assert.True(child.WaitForExit().Success);
        Assert.EndsWith("line 8\nline 9\n", child.StderrTail);
        Assert.True(child.StderrTail.Length <= 30);
    }

    [Fact]
    public void A_signal_ends_the_child_and_is_reported()
    {
        using var child = ChildProcess.Start("/bin/sleep", ["30"]);

        child.Signal(UnixSignal.SIGTERM);
        var status = child.WaitForExit();

        Assert.Equal(UnixSignal.SIGTERM, status.Signal);
        Assert.Equal("killed by signal 15 (SIGTERM)", status.ToString());
    }

    [Theory]
    [InlineData(150, "exited with status 150")] // 128 + SIGTTOU, which stops a process and never ends it
    [InlineData(3, "exited with status 3")]
    public void A_high_exit_status_that_no_signal_can_give_is_an_exit(int code, string expected)
    {
        using var child = ChildProcess.Start("/bin/sh", ["-c", $"exit {code}"]);

        var status = child.WaitForExit();

        Assert.Equal(0, status.Signal);
        Assert.Equal(expected, status.ToString());
    }

    [Fact]
    public void A_program_that_does_not_exist_is_a_one_line_error()
    {
        var e = Assert.Throws<StageException>(() => ChildProcess.Start("/nonexistent/program", []));

        Assert.Equal("cannot run '/nonexistent/program': No such file or directory", e.Message);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("", "''")]
    public void Shell_words_quote_what_a_shell_would_split_or_expand(string argument, string quoted)
    {
        Assert.Equal(quoted, ShellWords.Quote(argument));
    }
}
