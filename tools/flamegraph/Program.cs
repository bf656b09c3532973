using System.CommandLine;
using System.CommandLine.Parsing;
using FlameGraph.Cli;
using FlameGraph.Svg;

namespace FlameGraph.Tools.Flamegraph;

/// <summary>
/// flamegraph: record, collapse, demangle and render in one command (drop-in for flamegraph-rs):
///   flamegraph -o app.svg -- ./app args
/// The stages are fg-record, fg-collapse-perf, fg-fold-filter --demangle and fg-svg, run in process.
/// </summary>
public static class Program
{
    public const string DefaultTitle = "Flame Graph";

    public static int Main(string[] args)
    {
        var (ours, workload) = TrailingArguments.Split(args);

        var cli = new WrapperCommandLine();
        var completions = new Option<string?>("--completions") { Description = "Print a completion script for SHELL (" + string.Join(", ", CompletionScripts.Shells) + ") and exit", HelpName = "SHELL" };

        var command = new RootCommand("Profile a command (or running processes) with perf and write an interactive SVG flame graph.\n"
            + "Usage: flamegraph [OPTIONS] -- CMD [ARGS...]  |  flamegraph [OPTIONS] --pid PID  |  flamegraph [OPTIONS] --perfdata FILE\n"
            + "perf.data is left in the current directory. Ctrl-C stops the recording and the graph is still written.\n"
            + "Environment: PERF (perf program), DTRACE (dtrace program, used where perf is absent).\n"
            + "Example: flamegraph -o app.svg -- ./app args");
        cli.AddTo(command);
        // --completions is the wrapper's own; it keeps its place after --pid in --help.
        command.Options.Insert(command.Options.IndexOf(cli.Pid) + 1, completions);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(completions) is { } shell)
            {
                // Exclusive, as in flamegraph-rs: a completion script is all this run does.
                if (parsed.CommandResult.Children.OfType<OptionResult>().Count(r => !r.Implicit) > 1 || workload.Length > 0)
                    throw new OptionsException("--completions cannot be used with other arguments");
                var completed = CompletedOption.From(command,
                    new Dictionary<Option, string[]> { [completions] = CompletionScripts.Shells, [cli.ColourPalette] = Palette.Names },
                    new HashSet<Option>(cli.Paths));
                Console.Out.Write(CompletionScripts.For(shell, "flamegraph", completed));
                return 0;
            }

            return WrapperCommandLine.Run(cli.Read(parsed, workload));
        });
        return CommandLineApp.Run("flamegraph", command, ours, "put the command to profile after '--': flamegraph [options] -- CMD [ARGS...]");
    }
}
