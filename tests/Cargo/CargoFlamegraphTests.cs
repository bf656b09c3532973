using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Cargo;

/// <summary>
/// cargo-flamegraph on the fixture workspace (tests/data/cargo-fixture): alpha has two bins with
/// default-run alpha_main (which also runs alpha_feature_hot with the extra-hot feature), an
/// example and a harness-less bench; beta has a lib with a unit test, the bin beta_tool and the
/// integration test beta_it; gamma is a lib whose harness-less test program benchmarks only when
/// given --bench.
/// Each target spends its time in one `*_hot` function, which must show up by name in the folded stacks.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CargoFlamegraphTests(CargoWorkspace workspace) : IClassFixture<CargoWorkspace>
{
    /// <summary>Frame pointers are enough to name the leaf, and much faster to unwind than dwarf.</summary>
    static readonly string[] Recording = ["--call-graph", "fp"];

    /// <summary>Profiles with the given arguments in <paramref name="directory"/> and returns the run and its folded stacks.</summary>
    (ToolResult Result, string Folded) Profile(string directory, string name, params string[] args)
    {
        string folded = Path.Combine(workspace.Root, name + ".folded");
        string svg = Path.Combine(workspace.Root, name + ".svg");
        // Ours go before a `--`: what follows it is the profiled program's.
        int dashes = Array.IndexOf(args, "--");
        string[] options = dashes < 0 ? args : args[..dashes], trailing = dashes < 0 ? [] : args[dashes..];
        var result = workspace.Run(directory, [.. options, .. Recording, "--folded-output", folded, "-o", svg, .. trailing]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains($"writing flamegraph to \"{svg}\"", result.StdoutText);
        Assert.StartsWith("<?xml", File.ReadAllText(svg));
        return (result, File.ReadAllText(folded));
    }

    /// <summary>The samples whose stack holds a frame ending in <paramref name="function"/> (Rust frames carry their module path).</summary>
    static long SamplesIn(string folded, string function) =>
        folded.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line[..line.LastIndexOf(' ')].Split(';').Any(f => f == function || f.EndsWith("::" + function, StringComparison.Ordinal)))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..]));

    static void AssertHot(string folded, string function, string others)
    {
        long hot = SamplesIn(folded, function);
        Assert.True(hot > 0, $"{function} is in the folded stacks:\n{folded}");
        Assert.DoesNotContain(others, folded);
    }

    [Fact]
    public void Bin_in_the_workspace_profiles_that_binary()
    {
        workspace.RequireCargoAndPerf();
        var (result, folded) = Profile(workspace.Crate, "bin", "--bin", "alpha_other");
        AssertHot(folded, "alpha_other_hot", "alpha_main_hot");
        Assert.DoesNotContain("WARNING: profiling without debuginfo", result.Stderr);
    }

    [Fact]
    public void Default_run_is_chosen_in_the_package_directory_without_a_message()
    {
        workspace.RequireCargoAndPerf();
        var (result, folded) = Profile(Path.Combine(workspace.Crate, "alpha"), "default-run");
        AssertHot(folded, "alpha_main_hot", "alpha_other_hot");
        Assert.DoesNotContain("automatically selected", result.Stderr);
    }

    [Fact]
    public void Package_option_picks_the_package_from_the_workspace_root()
    {
        workspace.RequireCargoAndPerf();
        var (_, folded) = Profile(workspace.Crate, "package", "-p", "alpha");
        AssertHot(folded, "alpha_main_hot", "beta_tool_hot");
    }

    [Fact]
    public void The_only_bin_of_a_package_is_selected_with_a_message()
    {
        workspace.RequireCargoAndPerf();
        var (result, folded) = Profile(Path.Combine(workspace.Crate, "beta"), "only-bin");
        AssertHot(folded, "beta_tool_hot", "alpha_");
        Assert.Contains("automatically selected target beta_tool in package beta as it is the only valid target\n", result.Stderr);
    }

    [Fact]
    public void Example_is_profiled()
    {
        workspace.RequireCargoAndPerf();
        var (_, folded) = Profile(workspace.Crate, "example", "--example", "alpha_example");
        AssertHot(folded, "alpha_example_hot", "alpha_main_hot");
    }

    [Fact]
    public void Bench_without_harness_is_profiled()
    {
        workspace.RequireCargoAndPerf();
        var (_, folded) = Profile(workspace.Crate, "bench", "--bench", "alpha_bench");
        AssertHot(folded, "alpha_bench_hot", "alpha_main_hot");
    }

    [Fact]
    public void Unit_test_of_the_lib_is_profiled()
    {
        workspace.RequireCargoAndPerf();
        var (_, folded) = Profile(workspace.Crate, "unit-test", "--unit-test", "beta");
        AssertHot(folded, "beta_unit_hot", "beta_tool_hot");
    }

    [Fact]
    public void Integration_test_is_profiled()
    {
        workspace.RequireCargoAndPerf();
        var (_, folded) = Profile(workspace.Crate, "test", "--test", "beta_it");
        AssertHot(folded, "beta_it_hot", "beta_unit_hot");
    }

    [Fact]
    public void Several_bins_in_the_workspace_need_an_explicit_target()
    {
        workspace.RequireCargo();
        var result = workspace.Run(workspace.Crate, "-o", "never.svg");
        Assert.Equal(1, result.ExitCode);
        // The Rust tool's words: its target list in Rust's pretty Debug form; default-run stands for package alpha.
        Assert.Equal("""
            cargo-flamegraph: several possible targets found: [
                BinaryTarget {
                    package: "alpha",
                    target: "alpha_main",
                    kind: [
                        Bin,
                    ],
                },
                BinaryTarget {
                    package: "beta",
                    target: "beta_tool",
                    kind: [
                        Bin,
                    ],
                },
            ], please pass an explicit target.

            """, result.Stderr);
    }

    [Fact]
    public void A_bare_unit_test_with_several_libs_and_bins_lists_them_with_their_kinds()
    {
        workspace.RequireCargo();
        var result = workspace.Run(workspace.Crate, "--unit-test", "-o", "never.svg");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("""
            cargo-flamegraph: several possible targets found: [
                BinaryTarget {
                    package: "alpha",
                    target: "alpha_main",
                    kind: [
                        Bin,
                    ],
                },
                BinaryTarget {
                    package: "beta",
                    target: "beta",
                    kind: [
                        Lib,
                    ],
                },
                BinaryTarget {
                    package: "beta",
                    target: "beta_tool",
                    kind: [
                        Bin,
                    ],
                },
                BinaryTarget {
                    package: "gamma",
                    target: "gamma",
                    kind: [
                        Lib,
                    ],
                },
            ], please pass an explicit target.

            """, result.Stderr);
    }

    [Fact]
    public void An_unknown_package_is_named()
    {
        workspace.RequireCargo();
        var result = workspace.Run(workspace.Crate, "-p", "delta", "-o", "never.svg");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("cargo-flamegraph: workspace has no package named delta\n", result.Stderr);
    }

    [Fact]
    public void Manifest_path_from_outside_the_workspace_profiles_that_package()
    {
        workspace.RequireCargoAndPerf();
        string outside = Path.Combine(workspace.Root, "outside");
        Directory.CreateDirectory(outside);
        var (result, folded) = Profile(outside, "manifest-path", "--manifest-path", "../crate/beta/Cargo.toml");
        AssertHot(folded, "beta_tool_hot", "alpha_");
        Assert.Contains("automatically selected target beta_tool in package beta as it is the only valid target\n", result.Stderr);
    }

    [Fact]
    public void A_feature_adds_its_hot_function_only_when_given()
    {
        workspace.RequireCargoAndPerf();
        // alpha_main takes its loop count as its argument: a third of the default keeps the runs short.
        var (_, plain) = Profile(workspace.Crate, "no-feature", "--bin", "alpha_main", "--", "150000000");
        var (_, featured) = Profile(workspace.Crate, "feature", "--bin", "alpha_main", "-f", "extra-hot", "--", "150000000");
        Assert.True(SamplesIn(plain, "alpha_main_hot") > 0, plain);
        Assert.Equal(0, SamplesIn(plain, "alpha_feature_hot"));
        Assert.True(SamplesIn(featured, "alpha_main_hot") > 0, featured);
        Assert.True(SamplesIn(featured, "alpha_feature_hot") > 0, featured);
    }

    [Fact]
    public void Target_triple_builds_into_its_own_folder_and_that_executable_is_profiled()
    {
        workspace.RequireCargoAndPerf();
        var rustc = RealPerf.Run("rustc", ["-vV"]);
        string triple = rustc.Stdout.Split('\n').Single(l => l.StartsWith("host: ", StringComparison.Ordinal))["host: ".Length..];

        var (result, folded) = Profile(Path.Combine(workspace.Crate, "beta"), "triple", "-v", "--target", triple);

        AssertHot(folded, "beta_tool_hot", "alpha_");
        Assert.Contains($"build command: cargo build --release --package beta --bin beta_tool --target {triple} --message-format=json-render-diagnostics\n", result.Stderr);
        // -v prints perf's command line, which ends with the executable.
        Assert.Contains($" {Path.Combine(workspace.TargetDirectory, triple, "release", "beta_tool")}\n", result.Stderr);
    }

    [Fact]
    public void Unit_bench_builds_with_cargo_bench_and_runs_the_program_with_bench()
    {
        workspace.RequireCargoAndPerf();
        // gamma's test program spins only when given --bench: its hot function proves the argument was passed.
        var (result, folded) = Profile(workspace.Crate, "unit-bench", "-v", "--unit-bench", "gamma");
        AssertHot(folded, "gamma_unit_bench_hot", "alpha_");
        Assert.Contains("build command: cargo bench --no-run --package gamma --lib --message-format=json-render-diagnostics\n", result.Stderr);
    }

    [Fact]
    public void Outside_a_crate_the_missing_cargo_toml_is_named()
    {
        workspace.RequireCargo();
        string empty = Path.Combine(workspace.Root, "no-crate");
        Directory.CreateDirectory(empty);
        var result = workspace.Run(empty);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"cargo-flamegraph: could not find 'Cargo.toml' in '{empty}' or any parent directory\n", result.Stderr);
    }

    [Fact]
    public void A_missing_target_shows_cargos_message_and_fails()
    {
        workspace.RequireCargo();
        var result = workspace.Run(workspace.Crate, "--bin", "no_such_bin", "-o", "never.svg");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no bin target named `no_such_bin`", result.Stderr);
        Assert.EndsWith("cargo-flamegraph: cargo build failed\n", result.Stderr);
        Assert.Equal("", result.StdoutText); // cargo's JSON messages are ours, not the user's
    }

    [Fact]
    public void A_build_failure_shows_cargos_message_and_fails()
    {
        workspace.RequireCargo();
        string broken = workspace.Copy("broken");
        string source = Path.Combine(broken, "alpha", "src", "alpha_other.rs");
        File.AppendAllText(source, "\nfn broken( {\n");
        var result = workspace.Run(broken, "--bin", "alpha_other", "-o", "never.svg");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: ", result.Stderr);
        Assert.Contains("alpha_other.rs", result.Stderr);
        Assert.EndsWith("cargo-flamegraph: cargo build failed\n", result.Stderr);
        Assert.False(File.Exists(Path.Combine(broken, "never.svg")));
    }

    [Fact]
    public void A_profile_without_debuginfo_is_warned_about()
    {
        // The warning comes after the build and before recording, so it is checked even without perf.
        workspace.RequireCargo();
        var result = workspace.Run(workspace.Crate, ["--profile", "nodebug", "--bin", "alpha_other", .. Recording, "-o", Path.Combine(workspace.Root, "nodebug.svg")]);
        Assert.Contains("\nWARNING: profiling without debuginfo. Enable symbol information by adding the following lines to Cargo.toml:\n\n"
            + "[profile.release]\ndebug = true\n\nOr set this environment variable:\n\nCARGO_PROFILE_RELEASE_DEBUG=true\n", result.Stderr);
    }

    [Theory]
    [InlineData("--bin no_such_bin --features x", "cargo build --release --bin no_such_bin --features x")]
    [InlineData("--dev --bin no_such_bin", "cargo build --bin no_such_bin")]
    [InlineData("--profile nodebug --example no_such_example", "cargo build --profile nodebug --example no_such_example")]
    [InlineData("--bench no_such_bench", "cargo bench --no-run --bench no_such_bench")]
    [InlineData("--dev --bench no_such_bench", "cargo build --bench no_such_bench")]
    [InlineData("--test no_such_test --no-default-features", "cargo build --release --test no_such_test --no-default-features")]
    [InlineData("--unit-test beta", "cargo test --no-run --release --package beta --lib")]
    [InlineData("--unit-test beta_tool", "cargo test --no-run --release --package beta --bin beta_tool")]
    [InlineData("--unit-bench beta", "cargo bench --no-run --package beta --lib")]
    [InlineData("--dev --unit-bench beta", "cargo build --package beta --lib")]
    public void Verbose_prints_the_build_command(string arguments, string expected)
    {
        workspace.RequireCargo();
        // Targets that do not exist keep the builds short: the command is printed before cargo runs.
        var result = workspace.Run(workspace.Crate, ["-v", .. arguments.Split(' '), "-o", Path.Combine(workspace.Root, "verbose.svg")]);
        Assert.Contains($"build command: {expected} --message-format=json-render-diagnostics\n", result.Stderr);
    }
}
