using System.Text;
using FlameGraph.Filter;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.FoldFilter;

/// <summary>
/// fg-fold-filter's stage in process on text written in the test (<c>Filter</c>), or
/// bin/fg-fold-filter itself for what only the command line does (<see cref="Stdin"/>).
/// </summary>
static class FoldFilterRun
{
    /// <summary>The stage on one input read as stdin; several inputs are merged in order.</summary>
    public static StageResult Filter(string input, FoldFilterOptions options) =>
        StageRun.Run(new global::FlameGraph.Filter.FoldFilter(options).Run, input);

    /// <summary>The stage with default options (no transformation: merge and sort only).</summary>
    public static StageResult Filter(string input) => Filter(input, new FoldFilterOptions());

    /// <summary>The stage on several named inputs, in order.</summary>
    public static StageResult Filter(FoldFilterOptions options, params (string Name, string Content)[] inputs) =>
        StageRun.Run(new global::FlameGraph.Filter.FoldFilter(options).Run, inputs);

    /// <summary>Asserts a run with exactly this output and no warning.</summary>
    public static void AssertOutput(StageResult result, string expected)
    {
        Assert.Empty(result.Warnings);
        Assert.Equal(expected, result.Text);
    }

    public static ToolResult Stdin(string input, params string[] args) =>
        ToolProcess.Run("fg-fold-filter", args, Encoding.UTF8.GetBytes(input));

    /// <summary>Asserts a successful run with exactly this output and nothing on stderr.</summary>
    public static void AssertOutput(ToolResult result, string expected)
    {
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.StdoutText);
    }
}
