using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Cargo;

/// <summary>cargo-flamegraph's own option checks: nothing is built.</summary>
public sealed class CargoCommandLineTests
{
    [Fact]
    public void Two_target_selectors_are_a_usage_error()
    {
        var result = ToolProcess.Run("cargo-flamegraph", "flamegraph", "--bin", "a", "--example", "b");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--bin cannot be used with --example", result.Stderr);
    }

    [Fact]
    public void Unit_test_kind_takes_bin_or_lib()
    {
        var result = ToolProcess.Run("cargo-flamegraph", "--unit-test", "--unit-test-kind", "dylib");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--unit-test-kind must be bin or lib, not 'dylib'", result.Stderr);
    }

    [Fact]
    public void Pid_and_perfdata_are_not_options_here()
    {
        Assert.Equal(2, ToolProcess.Run("cargo-flamegraph", "flamegraph", "--pid", "1").ExitCode);
        Assert.Equal(2, ToolProcess.Run("cargo-flamegraph", "flamegraph", "--perfdata", "perf.data").ExitCode);
    }

    [Fact]
    public void Bash_completion_lists_the_cargo_and_the_recording_options()
    {
        var result = ToolProcess.Run("cargo-flamegraph", "flamegraph", "--completions", "bash");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("complete -F _cargo_flamegraph", result.StdoutText);
        foreach (string option in new[] { "--unit-test", "--manifest-path", "--bench", "--folded-output", "--palette" })
            Assert.Contains(option, result.StdoutText);
        Assert.DoesNotContain("--pid", result.StdoutText);
    }
}
