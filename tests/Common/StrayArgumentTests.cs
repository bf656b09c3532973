using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Common;

/// <summary>
/// The tools that run a program take it after `--`; a user who leaves the `--` out is told
/// where the program goes, and nothing runs.
/// </summary>
public sealed class StrayArgumentTests
{
    [Theory]
    [InlineData("fg-record", "fg-record: unexpected argument './app': put the command to profile after '--': fg-record [options] -- CMD [ARGS...]")]
    [InlineData("flamegraph", "flamegraph: unexpected argument './app': put the command to profile after '--': flamegraph [options] -- CMD [ARGS...]")]
    [InlineData("cargo-flamegraph", "cargo-flamegraph: unexpected argument './app': put the program's arguments after '--': cargo flamegraph [options] -- ARGS...")]
    [InlineData("dotnet-flamegraph", "dotnet-flamegraph: unexpected argument './app': put the program's arguments after '--': dotnet-flamegraph [options] -- ARGS...")]
    public void A_program_given_without_dashes_is_a_usage_error_that_names_the_fix(string tool, string expected)
    {
        using var scratch = new ScratchDirectory("fg-stray-");
        string dir = scratch.Path;
        var result = ToolProcess.Run(tool, ["-v", "./app"], workingDirectory: dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected + "\n", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }
}
