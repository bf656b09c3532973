using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.DotnetFlamegraph;

/// <summary>dotnet-flamegraph with the real dotnet and perf on tests/data/dotnet-fixture.</summary>
public class DotnetFlamegraphTests(DotnetFixture fixture) : IClassFixture<DotnetFixture>
{
    [Fact]
    public void Builds_the_project_and_names_the_jit_compiled_hot_method()
    {
        fixture.Require();
        string project = fixture.NewProjectCopy("build-and-profile");
        string work = fixture.NewWorkDirectory("build-and-profile-out");

        var result = ToolProcess.Run("dotnet-flamegraph", ["--project", project, "--folded-output", "out.folded", "-o", "out.svg"], workingDirectory: work);

        Assert.True(result.ExitCode == 0, result.Stderr);
        // dotnet's build output is on stderr; stdout has only the wrapper's line.
        Assert.Contains("HotLoop -> ", result.Stderr);
        Assert.Equal("writing flamegraph to \"out.svg\"\n", result.StdoutText);
        Assert.True(File.Exists(Path.Combine(project, "bin", "Release", "net10.0", "HotLoop.dll")), "Release is the default configuration");
        string folded = Path.Combine(work, "out.folded");
        double hot = DotnetFixture.CountWith(folded, DotnetFixture.HotMethod), unknown = DotnetFixture.CountWith(folded, "[unknown]");
        double total = DotnetFixture.Total(folded);
        // The method spins for 1 s of a run of ~1.3 s; unnamed JIT frames would leave it at zero.
        Assert.True(hot / total > 0.5, $"{DotnetFixture.HotMethod} has {hot / total:P0} of the samples");
        Assert.True(unknown < hot, $"[unknown] ({unknown}) does not dominate the hot method ({hot})");
        Assert.Contains("SpinHotLoop", File.ReadAllText(Path.Combine(work, "out.svg")));
    }

    [Fact]
    public void Profiles_an_already_built_app_run_with_dotnet()
    {
        fixture.Require();
        string project = fixture.NewProjectCopy("prebuilt");
        string output = Path.Combine(project, "out");
        var build = RealPerf.Run("dotnet", ["build", project, "-c", "Release", "-o", output, "-nologo"], project, 240);
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        File.Delete(Path.Combine(project, "HotLoop.csproj"));

        var result = ToolProcess.Run("dotnet-flamegraph", ["--call-graph", "fp", "--folded-output", "out.folded", "-o", "out.svg", "--",
            "dotnet", Path.Combine(output, "HotLoop.dll"), "0.7"], workingDirectory: project);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("Build succeeded", result.Stderr);
        string folded = Path.Combine(project, "out.folded");
        DotnetFixture.AssertHotMethodDominates(folded);
    }

    [Fact]
    public void Configuration_and_the_program_arguments_reach_the_build_and_the_program()
    {
        fixture.Require();
        string project = fixture.NewProjectCopy("debug-status");

        // The fixture exits with its second argument: the wrapper reports a failed command.
        var result = ToolProcess.Run("dotnet-flamegraph", ["-c", "Debug", "--call-graph", "fp", "--project", project, "--", "0.2", "3"], workingDirectory: project);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("dotnet-flamegraph: the command exited with status 3", result.Stderr);
        Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "HotLoop.dll")), "-c Debug builds Debug");
        Assert.False(Directory.Exists(Path.Combine(project, "bin", "Release")));
    }

    [Fact]
    public void A_build_failure_shows_dotnets_own_error_and_exits_non_zero()
    {
        fixture.Require();
        string project = fixture.NewProjectCopy("broken");
        string source = Path.Combine(project, "Program.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("Console.WriteLine($\"hot loop result {result}\");", "Console.WriteLine($\"hot loop result {result}\")"));

        var result = ToolProcess.Run("dotnet-flamegraph", ["--project", project, "-o", "out.svg"], workingDirectory: project);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CS1002: ; expected", result.Stderr);
        Assert.Contains("dotnet-flamegraph: dotnet build failed", result.Stderr);
        Assert.False(File.Exists(Path.Combine(project, "out.svg")));
        Assert.False(File.Exists(Path.Combine(project, "perf.data")), "nothing was recorded");
    }

    [Fact]
    public void A_missing_project_path_is_a_clear_error()
    {
        string work = fixture.NewWorkDirectory("missing");

        var result = ToolProcess.Run("dotnet-flamegraph", ["--project", "no-such-project", "-o", "out.svg"], workingDirectory: work);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("dotnet-flamegraph: cannot find project 'no-such-project': No such file or directory\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_project_with_pid_or_perfdata_is_a_usage_error()
    {
        string work = fixture.NewWorkDirectory("project-with-perfdata");

        var result = ToolProcess.Run("dotnet-flamegraph", ["--project", ".", "--perfdata", "perf.data"], workingDirectory: work);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("dotnet-flamegraph: --project cannot be used with --pid or --perfdata", result.Stderr);
    }

    /// <summary>
    /// A copy of the fixture that targets net10.0 and net9.0. Only the net10.0 packs come with the
    /// SDK here: restoring (for any build of the project) fetches net9.0's reference and apphost
    /// packs from NuGet, so a build that cannot reach NuGet skips, visibly.
    /// </summary>
    string MultiTargetCopy(string name)
    {
        string project = fixture.NewProjectCopy(name);
        string file = Path.Combine(project, "HotLoop.csproj");
        string text = File.ReadAllText(file);
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", text);
        File.WriteAllText(file, text.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;net9.0</TargetFrameworks>"));
        return project;
    }

    static void SkipWithoutNuGet(string stderr)
    {
        foreach (string code in (string[])["NU1100", "NU1101", "NU1102", "NU1301"])
            if (stderr.Contains(code, StringComparison.Ordinal))
                Assert.Skip($"the net9.0 packs cannot be restored here ({code}): a multi-target project is NOT checked");
    }

    [Fact]
    public void Several_target_frameworks_without_one_chosen_stop_before_the_build()
    {
        string project = MultiTargetCopy("multi-target-unchosen");

        var result = ToolProcess.Run("dotnet-flamegraph", ["--project", project, "-o", "out.svg"], workingDirectory: project);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("dotnet-flamegraph: the project has several target frameworks (net10.0;net9.0): choose one with -f/--framework\n", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(project, "bin")), "nothing was built");
        Assert.False(File.Exists(Path.Combine(project, "perf.data")), "nothing was recorded");
    }

    [Fact]
    public void Framework_option_builds_and_profiles_that_framework_of_a_multi_target_project()
    {
        fixture.Require();
        string project = MultiTargetCopy("multi-target-chosen");

        var result = ToolProcess.Run("dotnet-flamegraph", ["--project", project, "-f", "net10.0", "--call-graph", "fp",
            "--folded-output", "out.folded", "-o", "out.svg", "--", "0.7"], workingDirectory: project);

        SkipWithoutNuGet(result.Stderr);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(Path.Combine(project, "bin", "Release", "net10.0", "HotLoop.dll")), "net10.0 is built");
        Assert.False(Directory.Exists(Path.Combine(project, "bin", "Release", "net9.0")), "net9.0 is not built");
        string folded = Path.Combine(project, "out.folded");
        DotnetFixture.AssertHotMethodDominates(folded);
    }

    [Fact]
    public void The_dotnet_cli_runs_it_from_path_as_dotnet_flamegraph()
    {
        fixture.Require();
        string project = fixture.NewProjectCopy("dotnet-cli");
        // `dotnet flamegraph ARGS` runs the dotnet-flamegraph found on PATH with ARGS.
        var result = RealPerf.Run("env", ["PATH=" + RepoPaths.BinDir + ":" + Environment.GetEnvironmentVariable("PATH"), "NO_COLOR=1",
            "dotnet", "flamegraph", "--project", project, "--call-graph", "fp", "--folded-output", "out.folded", "-o", "out.svg", "--", "0.7"], project, 300);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("writing flamegraph to \"out.svg\"\n", result.Stdout);
        string folded = Path.Combine(project, "out.folded");
        DotnetFixture.AssertHotMethodDominates(folded);
    }
}
