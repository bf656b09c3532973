using System.Text;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.FoldFilter;

/// <summary>Runs bin/fg-fold-filter on text written in the test.</summary>
static class FoldFilterRun
{
    public static ToolResult Stdin(string input, params string[] args) =>
        ToolProcess.Run("fg-fold-filter", args, Encoding.UTF8.GetBytes(input));

    /// <summary>Runs with the inputs written to files in a fresh directory, named in order.</summary>
    public static ToolResult Files(string[] contents, params string[] args)
    {
        using var scratch = new ScratchDirectory("fg-fold-filter-");
        string dir = scratch.Path;
        var names = new List<string>();
        for (int i = 0; i < contents.Length; i++)
        {
            string name = $"in{i + 1}.folded";
            File.WriteAllText(Path.Combine(dir, name), contents[i]);
            names.Add(name);
        }
        return ToolProcess.Run("fg-fold-filter", [.. args, .. names], workingDirectory: dir);
    }

    /// <summary>Asserts a successful run with exactly this output and nothing on stderr.</summary>
    public static void AssertOutput(ToolResult result, string expected)
    {
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.StdoutText);
    }
}
