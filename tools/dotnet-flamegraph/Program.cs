using System.CommandLine;
using FlameGraph.Cli;

namespace FlameGraph.Tools.DotnetFlamegraph;

/// <summary>
/// dotnet-flamegraph (`dotnet flamegraph`): build a .NET project, then profile it with perf with
/// JIT-compiled methods named, into an SVG flame graph:
///   dotnet flamegraph [--project PATH] [-- ARGS]   or, for a built app,   dotnet flamegraph -- dotnet app.dll
/// Recording and rendering are the flamegraph wrapper's, with its options.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var (ours, trailing) = TrailingArguments.Split(args);

        var project = new Option<string?>("--project") { Description = "The project file, or a folder holding one, to build [default: the current folder]", HelpName = "PATH" };
        var configuration = new Option<string?>("--configuration", "-c") { Description = $"Build configuration [default: {DotnetBuildOptions.DefaultConfiguration}]", HelpName = "CONFIGURATION" };
        var framework = new Option<string?>("--framework", "-f") { Description = "Target framework to build and run (for a project with several)", HelpName = "FRAMEWORK" };
        var wrapper = new WrapperCommandLine();
        // -c is dotnet's --configuration here; the custom perf command keeps its long name only.
        wrapper.Custom.Aliases.Remove("-c");

        var command = new RootCommand("Build a .NET project and profile it with perf into an SVG flame graph, JIT-compiled methods named.\n"
            + "Usage: dotnet-flamegraph [OPTIONS] [-- PROGRAM_ARGS...]  (builds the project in the current folder or --project)\n"
            + "       dotnet-flamegraph [OPTIONS] -- dotnet app.dll [ARGS...] | -- ./app [ARGS...]  (an already built app: no build)\n"
            + "The program runs with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0, so perf reads /tmp/perf-PID.map.\n"
            + "dotnet's build output goes to stderr. Example: dotnet flamegraph -o app.svg --project src/App -- input.txt")
        {
            project, configuration, framework,
        };
        wrapper.AddTo(command);
        command.SetAction(parsed =>
        {
            var build = new DotnetBuildOptions
            {
                Project = parsed.GetValue(project),
                Configuration = parsed.GetValue(configuration) is { Length: > 0 } c ? c : DotnetBuildOptions.DefaultConfiguration,
                Framework = parsed.GetValue(framework),
            };
            bool attachedOrReplayed = parsed.GetResult(wrapper.Pid) is not null || parsed.GetResult(wrapper.PerfData) is not null;
            if (attachedOrReplayed && build.Project is not null)
                throw new OptionsException("--project cannot be used with --pid or --perfdata: nothing is built then");
            bool prebuilt = build.Project is null && trailing.Length > 0;
            bool mustBuild = !attachedOrReplayed && !prebuilt;

            // Every option is checked before a possibly long build.
            if (mustBuild)
                DotnetProject.CheckExists(build.Project);
            var options = wrapper.Read(parsed, mustBuild ? ["(built program)", .. trailing] : trailing);
            return WrapperCommandLine.Run(options, checkedOptions =>
            {
                if (mustBuild)
                {
                    var dotnet = new DotnetProject(build);
                    string targetPath = dotnet.TargetPath();
                    dotnet.Build();
                    checkedOptions = checkedOptions with { Record = checkedOptions.Record with { Command = [.. dotnet.EntryCommand(targetPath), .. trailing] } };
                }
                PerfMapEnvironment.Apply();
                return checkedOptions;
            });
        });
        return CommandLineApp.Run("dotnet-flamegraph", command, ours, "put the program's arguments after '--': dotnet-flamegraph [options] -- ARGS...");
    }
}
