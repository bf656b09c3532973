using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Fuzz;

/// <summary>
/// The built tools on generated, damaged and random input from stdin: an exit status the README
/// documents, and on stderr only lines of the tool's own (`tool: ...`), never an internal error
/// or a stack trace. Fewer cases than the in-process properties: each starts a process.
/// </summary>
public class ToolFuzzTests
{
    public static TheoryData<string, string> Tools() => new()
    {
        { "fg-collapse-perf", "" },
        { "fg-collapse-dtrace", "" },
        { "fg-fold-filter", "--collapse-recursion" },
        { "fg-svg", "--reverse" },
        { "fg-diff", "-s - /dev/null" },
    };

    [Theory]
    [MemberData(nameof(Tools))]
    public void A_tool_given_any_input_exits_as_documented_with_its_own_messages(string tool, string arguments)
    {
        var input = tool switch
        {
            "fg-collapse-perf" => FuzzInputs.AnyPerf,
            "fg-collapse-dtrace" => FuzzInputs.AnyDtrace,
            _ => FuzzInputs.AnyFolded,
        };
        FuzzRun.Check(input, bytes =>
        {
            var result = ToolProcess.Run(tool, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), bytes);
            // fg-svg: 2 with its error SVG when there are no counts, as flamegraph.pl.
            Assert.Contains(result.ExitCode, tool == "fg-svg" ? new[] { 0, 1, 2 } : new[] { 0, 1 });
            foreach (var line in result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.StartsWith(tool + ": ", line);
                Assert.DoesNotContain("internal error", line);
            }
            Assert.DoesNotContain("   at ", result.Stderr);
        }, FuzzInputs.Show, cases: 12);
    }
}
