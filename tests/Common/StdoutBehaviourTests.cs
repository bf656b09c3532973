using System.Diagnostics;
using System.Text;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Common;

/// <summary>
/// How every tool shares its stdout with the shell: output appended where the shell's own writes
/// are (`{ echo a; tool; echo b; } &gt; file` keeps all three, in order), and a reader that goes
/// away early (`| head`) ends the tool quietly with status 0.
/// </summary>
public class StdoutBehaviourTests
{
    /// <summary>Each tool with arguments over an input written by <see cref="WriteInputs"/>.</summary>
    public static TheoryData<string, string> Tools() => new()
    {
        { "fg-collapse-perf", "perf.txt" },
        { "fg-collapse-dtrace", "dtrace.txt" },
        { "fg-fold-filter", "a.folded" },
        { "fg-svg", "a.folded" },
        { "fg-diff", "a.folded a.folded" },
    };

    [Theory]
    [MemberData(nameof(Tools))]
    public void Output_lands_between_the_shells_writes_to_the_same_file(string tool, string arguments)
    {
        using var scratch = WriteInputs(stacks: 50);
        string dir = scratch.Path;
        var (status, _) = Bash(dir, $"{{ echo first; {RepoPaths.Tool(tool)} {arguments}; echo last; }} > out.txt");

        Assert.Equal(0, status);
        string text = File.ReadAllText(Path.Combine(dir, "out.txt"));
        Assert.StartsWith("first\n", text);
        Assert.EndsWith("\nlast\n", text);
        Assert.True(text.Length > "first\nlast\n".Length + 20, "the tool's own output is missing");
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void A_reader_that_stops_early_ends_the_tool_quietly(string tool, string arguments)
    {
        using var scratch = WriteInputs(stacks: 200_000);
        string dir = scratch.Path;
        var (status, stderr) = Bash(dir, $"set -o pipefail; {RepoPaths.Tool(tool)} {arguments} | head -c 10 > /dev/null");

        Assert.Equal("", stderr);
        Assert.Equal(0, status);
    }

    static ScratchDirectory WriteInputs(int stacks)
    {
        var dir = new ScratchDirectory("fg-stdout-");
        var folded = new StringBuilder();
        var perf = new StringBuilder();
        var dtrace = new StringBuilder("header 1\nheader 2\nheader 3\n");
        for (int i = 0; i < stacks; i++)
        {
            folded.Append($"main;work{i % 97};leaf{i} {i % 7 + 1}\n");
            perf.Append($"app 42/{i % 5 + 42} [000] 1.{i:D6}: 1000 cpu-clock:\n\t 4005d0 leaf{i}+0x10 (/bin/app)\n\t 400600 main+0x20 (/bin/app)\n\n");
            dtrace.Append($"\n              app`leaf{i}+0x10\n              app`main+0x20\n                {i % 9 + 1}\n");
        }
        dir.Write("a.folded", folded.ToString());
        dir.Write("perf.txt", perf.ToString());
        dir.Write("dtrace.txt", dtrace.ToString());
        return dir;
    }

    static (int Status, string Stderr) Bash(string dir, string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr);
    }
}
