using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Wrapper;

/// <summary>flamegraph's options, errors and completion scripts: none of these needs perf to record.</summary>
public class WrapperCommandLineTests
{
    [Fact]
    public void A_missing_perf_is_one_clear_error()
    {
        using var scratch = new ScratchDirectory("fg-wrapper-");
        string dir = scratch.Path;
        var result = ToolProcess.Run("flamegraph", ["--", "true"], workingDirectory: dir,
            environment: new Dictionary<string, string> { ["PERF"] = "/nonexistent" });

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("flamegraph: ", line);
        Assert.Contains("/nonexistent", line);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "flamegraph.svg")));
    }

    [Theory]
    [InlineData(new string[] { }, "no workload given")]
    [InlineData(new[] { "--reverse", "--flamechart", "--", "true" }, "--reverse cannot be used with --flamechart")]
    [InlineData(new[] { "--pid", "1", "--", "true" }, "cannot pass in command with --pid")]
    [InlineData(new[] { "-F", "99", "-c", "record -g", "--", "true" }, "Cannot pass both a custom command and a frequency.")]
    [InlineData(new[] { "--palette", "plaid", "--", "true" }, "--palette must be one of")]
    [InlineData(new[] { "--completions", "bash", "-o", "x.svg" }, "--completions cannot be used with other arguments")]
    [InlineData(new[] { "-v", "--completions=bash" }, "--completions cannot be used with other arguments")]
    [InlineData(new[] { "--completions", "zsh", "--", "true" }, "--completions cannot be used with other arguments")]
    [InlineData(new[] { "--completions", "tcsh" }, "--completions takes one of bash, elvish, fish, powershell, zsh")]
    public void Usage_errors_exit_2_with_one_line(string[] args, string message)
    {
        var result = ToolProcess.Run("flamegraph", args);

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line);
    }

    [Fact]
    public void Bash_completion_is_valid_bash_and_registers_itself()
    {
        var script = ToolProcess.Run("flamegraph", "--completions", "bash");
        Assert.Equal(0, script.ExitCode);
        using var scratch = new ScratchDirectory("fg-wrapper-");
        string file = scratch.Write("flamegraph.bash", script.Stdout);

        var syntax = RealPerf.Run("bash", ["-n", file]);
        var registered = RealPerf.Run("bash", ["-c", $"source '{file}' && complete -p flamegraph"]);
        var completed = RealPerf.Run("bash", ["-c", $"source '{file}' && COMP_WORDS=(flamegraph --pal) && COMP_CWORD=1 && _flamegraph && echo \"${{COMPREPLY[@]}}\" && "
            + "COMP_WORDS=(flamegraph --palette r) && COMP_CWORD=2 && _flamegraph && printf '%s\\n' \"${COMPREPLY[@]}\" | sort"]);

        Assert.True(syntax.ExitCode == 0, syntax.Stderr);
        Assert.True(registered.ExitCode == 0, registered.Stderr);
        Assert.Contains("-F _flamegraph", registered.Stdout);
        Assert.EndsWith(" flamegraph", registered.Stdout.Trim());
        Assert.Equal("--palette\nred\nrust\n", completed.Stdout);
    }

    [Theory]
    [InlineData("zsh", "#compdef flamegraph")]
    [InlineData("fish", "complete -c flamegraph -s o -l output -r -F")]
    [InlineData("powershell", "Register-ArgumentCompleter -Native -CommandName 'flamegraph'")]
    [InlineData("elvish", "set edit:completion:arg-completer[flamegraph]")]
    public void Every_shell_gets_a_script_naming_every_option(string shell, string marker)
    {
        var result = ToolProcess.Run("flamegraph", "--completions", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(marker, result.StdoutText);
        foreach (string option in (string[])["output", "perfdata", "skip-after", "per-thread", "folded-output", "min-width"])
            Assert.Contains(option, result.StdoutText);
    }
}
