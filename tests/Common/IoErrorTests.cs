using System.Diagnostics;
using System.Text;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Common;

/// <summary>
/// A failed write, read or open is one line in the words `cat` uses (`write error: No space
/// left on device`), exit status 1: never an internal error, never a .NET resource key. Each
/// test runs the built tool through bash, for its redirections (`&gt; /dev/full`, `&lt; directory`).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IoErrorTests : IDisposable
{
    readonly ScratchDirectory _dir = new("fg-ioerr-");

    public IoErrorTests()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "a.folded"), "main;work;leaf 3\nmain;idle 1\n");
        File.WriteAllText(Path.Combine(_dir.Path, "unsorted.folded"), "main;z 2\nmain;a 1\nmain;m 5\nmain;a 4\n");
        File.WriteAllText(Path.Combine(_dir.Path, "perf.txt"), PerfScriptSample);
        File.WriteAllText(Path.Combine(_dir.Path, "dtrace.txt"), "h\nh\nh\n\n  app`leaf+0x10\n  app`main+0x20\n    4\n");
        // A stand-in for perf: `perf script` prints one sample whatever it is asked.
        string perf = Path.Combine(_dir.Path, "fake-perf");
        File.WriteAllText(perf, $"#!/bin/sh\nprintf '%s' '{PerfScriptSample.Replace("\t", "\\t").Replace("\n", "\\n")}'\n");
        File.SetUnixFileMode(perf, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(_dir.Path, "perf.data"), "");
    }

    public void Dispose() => _dir.Dispose();

    const string PerfScriptSample = "app 42/42 [000] 1.000001: 1000 cpu-clock:\n\t 4005d0 leaf+0x10 (/bin/app)\n\t 400600 main+0x20 (/bin/app)\n\n";

    /// <summary>The filters and their arguments, as the stdout tests run them (inputs written above).</summary>
    public static TheoryData<string, string> Filters() => StdoutBehaviourTests.Tools();

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_full_disk_on_stdout_is_a_write_error(string tool, string arguments)
    {
        var (status, stderr) = Bash($"{RepoPaths.Tool(tool)} {arguments} > /dev/full");

        Assert.Equal($"{tool}: write error: No space left on device\n", WithoutWarnings(stderr));
        Assert.Equal(1, status);
    }

    [Theory]
    [InlineData("fg-svg", "--help")]
    [InlineData("fg-diff", "--version")]
    [InlineData("flamegraph", "--completions bash")]
    public void Help_version_and_completions_on_a_full_disk_are_a_write_error(string tool, string arguments)
    {
        var (status, stderr) = Bash($"{RepoPaths.Tool(tool)} {arguments} > /dev/full");

        Assert.Equal($"{tool}: write error: No space left on device\n", stderr);
        Assert.Equal(1, status);
    }

    [Fact]
    public void Fg_record_on_a_full_disk_is_a_write_error()
    {
        var (status, stderr) = Bash($"PERF=./fake-perf {RepoPaths.Tool("fg-record")} --perfdata perf.data > /dev/full");

        Assert.Equal("fg-record: write error: No space left on device\n", stderr);
        Assert.Equal(1, status);
    }

    [Theory]
    [InlineData("-o /dev/full", "flamegraph: write error on '/dev/full': No space left on device\n")]
    [InlineData("-o out.svg --folded-output /dev/full", "flamegraph: write error on '/dev/full': No space left on device\n")]
    [InlineData("-o .", "flamegraph: cannot write '.': Is a directory\n")]
    [InlineData("-o /proc/out.svg", "flamegraph: cannot write '/proc/out.svg': No such file or directory\n")]
    public void The_front_ends_output_files_name_their_errors(string arguments, string expected)
    {
        var (status, stderr) = Bash($"PERF=./fake-perf {RepoPaths.Tool("flamegraph")} --perfdata perf.data {arguments} > /dev/null");

        Assert.Equal(expected, WithoutWarnings(stderr));
        Assert.Equal(1, status);
    }

    [Fact]
    public void The_front_ends_message_on_a_full_stdout_is_a_write_error()
    {
        var (status, stderr) = Bash($"PERF=./fake-perf {RepoPaths.Tool("flamegraph")} --perfdata perf.data -o out.svg > /dev/full");

        Assert.Equal("flamegraph: write error: No space left on device\n", WithoutWarnings(stderr));
        Assert.Equal(1, status);
    }

    [Theory]
    [InlineData("fg-collapse-perf", "/proc/self/mem")]
    [InlineData("fg-collapse-dtrace", "/proc/self/mem")]
    [InlineData("fg-fold-filter", "/proc/self/mem")]
    [InlineData("fg-svg", "/proc/self/mem")]
    [InlineData("fg-diff", "a.folded /proc/self/mem")]
    public void A_file_that_fails_to_read_is_named(string tool, string arguments)
    {
        // Reading /proc/self/mem at offset 0 fails with EIO: the page there is never mapped.
        var (status, stderr) = Bash($"{RepoPaths.Tool(tool)} {arguments} > /dev/null");

        Assert.Equal($"{tool}: read error on '/proc/self/mem': Input/output error\n", WithoutWarnings(stderr));
        Assert.Equal(1, status);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_directory_on_stdin_is_a_read_error(string tool, string _)
    {
        string stdinOnly = tool == "fg-diff" ? "- a.folded" : "";
        var (status, stderr) = Bash($"{RepoPaths.Tool(tool)} {stdinOnly} < . > /dev/null");

        Assert.Equal($"{tool}: read error on stdin: Is a directory\n", WithoutWarnings(stderr));
        Assert.Equal(1, status);
    }

    [Theory]
    [InlineData("/nonexistent-fg-tmp")]   // missing
    [InlineData("/sys")]                  // not writable, even by root
    [InlineData("a.folded")]              // not a directory
    public void Fg_svg_reading_a_pipe_without_a_usable_tmpdir_keeps_its_copy_in_memory(string tmpdir)
    {
        var (expectedStatus, expectedStderr) = Bash($"cat unsorted.folded | {RepoPaths.Tool("fg-svg")} > expected.svg");
        var (status, stderr) = Bash($"cat unsorted.folded | TMPDIR={tmpdir} {RepoPaths.Tool("fg-svg")} > out.svg");

        Assert.Equal((0, ""), (expectedStatus, WithoutWarnings(expectedStderr)));
        Assert.Equal("", WithoutWarnings(stderr));
        Assert.Equal(0, status);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir.Path, "expected.svg")), File.ReadAllText(Path.Combine(_dir.Path, "out.svg")));
    }

    [Fact]
    public void Fg_record_names_an_unusable_tmpdir()
    {
        var (status, stderr) = Bash($"TMPDIR=/nonexistent-fg-tmp PERF=./fake-perf {RepoPaths.Tool("fg-record")} --duration 1 -- true > /dev/null");

        Assert.Equal("fg-record: cannot create a temporary directory in '/nonexistent-fg-tmp': No such file or directory (set TMPDIR to a writable directory)\n", stderr);
        Assert.Equal(1, status);
    }

    [Fact]
    public void An_unreadable_nameattr_file_is_named_in_words()
    {
        var (status, stderr) = Bash($"{RepoPaths.Tool("fg-svg")} --nameattr . a.folded > /dev/null");

        Assert.Equal("fg-svg: cannot read '.': Is a directory\n", stderr);
        Assert.Equal(1, status);
    }

    /// <summary>The tools' warnings (a low stack count, skipped lines) are not what these tests look at.</summary>
    static string WithoutWarnings(string stderr) =>
        string.Concat(stderr.Split('\n').Where(l => l.Length > 0 && !l.Contains(": warning: ")).Select(l => l + "\n"));

    (int Status, string Stderr) Bash(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr);
    }
}
