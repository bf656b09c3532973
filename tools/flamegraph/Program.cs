using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using FlameGraph.CollapsePerf;
using FlameGraph.Common;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Wrapper;

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
        // Everything after the first `--` is the workload, untouched by our option parsing.
        int dashes = Array.IndexOf(args, "--");
        string[] ours = dashes < 0 ? args : args[..dashes];
        string[] workload = dashes < 0 ? [] : args[(dashes + 1)..];

        var pid = new Option<string[]>("--pid", "-p") { Description = "Profile running process(es) instead of a command; comma-separated, repeatable", HelpName = "PID[,PID...]", AllowMultipleArgumentsPerToken = false };
        var completions = new Option<string?>("--completions") { Description = "Print a completion script for SHELL (" + string.Join(", ", CompletionScripts.Shells) + ") and exit", HelpName = "SHELL" };
        var perfData = new Option<string?>("--perfdata") { Description = "Render an existing perf.data instead of recording", HelpName = "PATH" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the perf record and perf script command lines on stderr" };
        var output = new Option<string>("--output", "-o") { Description = $"Output SVG file [default: {WrapperOptions.DefaultOutput}]", HelpName = "FILE" };
        var open = new Option<bool>("--open") { Description = "Open the SVG with xdg-open afterwards" };
        var root = new Option<string?>("--root") { Description = "Run perf record and perf script through sudo; sudo flags may follow: --root='-E'", HelpName = "SUDO_FLAGS", Arity = ArgumentArity.ZeroOrOne };
        var freq = new Option<int?>("--freq", "-F") { Description = $"Sampling frequency in Hz [default: {RecordOptions.DefaultFrequency}]", HelpName = "HZ" };
        var compression = new Option<int?>("--compression-level", "-z") { Description = "Compress perf.data at this level (bare -z: 1)", HelpName = "LEVEL", Arity = ArgumentArity.ZeroOrOne };
        var custom = new Option<string?>("--cmd", "-c") { Description = "Custom perf arguments, whitespace-split, starting with the subcommand (\"record -e cycles ...\")", HelpName = "ARGS" };
        var duration = new Option<double?>("--duration") { Description = "Stop recording after SECONDS (a command is stopped too; attached processes live on)", HelpName = "SECONDS" };
        var callGraph = new Option<string?>("--call-graph") { Description = $"perf unwinder: dwarf[,SIZE], fp or lbr [default: {RecordOptions.DefaultCallGraph}]", HelpName = "MODE" };
        var title = new Option<string?>("--title") { Description = $"Title text [default: {DefaultTitle}]", HelpName = "STRING" };
        var subtitle = new Option<string?>("--subtitle") { Description = "Second-level title", HelpName = "STRING" };
        var deterministic = new Option<bool>("--deterministic") { Description = "Colour by a hash of the function name: the same colours on every run" };
        var inverted = new Option<bool>("--inverted", "-i") { Description = "Icicle graph: roots at the top" };
        var reverse = new Option<bool>("--reverse") { Description = "Reverse every stack (leaves become roots)" };
        var notes = new Option<string?>("--notes") { Description = "Notes embedded in the SVG as a comment", HelpName = "STRING" };
        var minWidth = new Option<double?>("--min-width") { Description = $"Omit frames narrower than this percentage of the total [default: {WrapperOptions.DefaultMinWidthPercent.ToString(CultureInfo.InvariantCulture)}]", HelpName = "PERCENT" };
        var imageWidth = new Option<int?>("--image-width") { Description = "Width of the image in pixels [default: 1200]", HelpName = "PIXELS" };
        var palette = new Option<string?>("--palette") { Description = "Colour palette [default: hot]: " + string.Join(", ", Palette.Names), HelpName = "PALETTE" };
        var skipAfter = new Option<string[]>("--skip-after") { Description = "Cut stacks at a frame named FUNCTION: drop its callers (repeatable)", HelpName = "FUNCTION", AllowMultipleArgumentsPerToken = false };
        var flameChart = new Option<bool>("--flamechart") { Description = "Flame chart: keep time order instead of sorting" };
        var ignoreStatus = new Option<bool>("--ignore-status") { Description = "Draw the graph even when the command exits with a non-zero status" };
        var noInline = new Option<bool>("--no-inline") { Description = "Pass --no-inline to perf script (much faster on large binaries)" };
        var postProcess = new Option<string?>("--post-process") { Description = "Pipe the folded stacks through CMD (shell-like words, no shell) and draw its output", HelpName = "CMD" };
        var foldedOutput = new Option<string?>("--folded-output") { Description = "Also write the folded stacks (as drawn) to FILE", HelpName = "FILE" };
        var perThread = new Option<bool>("--per-thread") { Description = "One root frame per thread: comm-PID/TID" };

        var command = new RootCommand("Profile a command (or running processes) with perf and write an interactive SVG flame graph.\n"
            + "Usage: flamegraph [OPTIONS] -- CMD [ARGS...]  |  flamegraph [OPTIONS] --pid PID  |  flamegraph [OPTIONS] --perfdata FILE\n"
            + "perf.data is left in the current directory. Ctrl-C stops the recording and the graph is still written.\n"
            + "Environment: PERF (perf program), DTRACE (dtrace program, used where perf is absent).\n"
            + "Example: flamegraph -o app.svg -- ./app args")
        {
            pid, completions, perfData, verbose, output, open, root, freq, compression, custom, duration, callGraph,
            title, subtitle, deterministic, inverted, reverse, notes, minWidth, imageWidth, palette, skipAfter,
            flameChart, ignoreStatus, noInline, postProcess, foldedOutput, perThread,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(completions) is { } shell)
            {
                // Exclusive, as in flamegraph-rs: a completion script is all this run does.
                if (parsed.CommandResult.Children.OfType<OptionResult>().Count(r => !r.Implicit) > 1 || workload.Length > 0)
                    throw new UsageException("--completions cannot be used with other arguments");
                var completed = CompletedOption.From(command,
                    new Dictionary<Option, string[]> { [completions] = CompletionScripts.Shells, [palette] = Palette.Names },
                    new HashSet<Option> { output, perfData, foldedOutput });
                Console.Out.Write(CompletionScripts.For(shell, "flamegraph", completed));
                return 0;
            }

            var record = new RecordOptions
            {
                Command = workload,
                Pids = RecordOptionRules.ParsePids(parsed.GetValue(pid) ?? []),
                PerfData = parsed.GetValue(perfData),
                Frequency = parsed.GetValue(freq),
                CustomCommand = parsed.GetValue(custom),
                CallGraph = parsed.GetValue(callGraph),
                CompressionLevel = parsed.GetResult(compression) is null ? null : parsed.GetValue(compression) ?? 1,
                Duration = parsed.GetValue(duration) is { } seconds ? RecordOptionRules.Seconds(seconds) : null,
                Root = parsed.GetResult(root) is not null,
                SudoFlags = parsed.GetValue(root),
                NoInline = parsed.GetValue(noInline),
                IgnoreStatus = parsed.GetValue(ignoreStatus),
                Verbose = parsed.GetValue(verbose),
                // Thread roots are comm-PID/TID; perf script's default fields carry only the TID.
                ScriptShowsPid = parsed.GetValue(perThread),
            };
            var svg = new WrapperOptions().Svg with
            {
                // flamegraph-rs keeps "Flame Graph" for icicle graphs and flame charts too.
                Title = parsed.GetValue(title) is { Length: > 0 } t ? t : DefaultTitle,
                Subtitle = parsed.GetValue(subtitle) ?? "",
                ColorMode = parsed.GetValue(deterministic) ? ColorMode.Fnv : ColorMode.NameSeeded,
                Inverted = parsed.GetValue(inverted),
                Reverse = parsed.GetValue(reverse),
                FlameChart = parsed.GetValue(flameChart),
                Notes = parsed.GetValue(notes) ?? "",
                MinWidth = parsed.GetValue(minWidth) ?? WrapperOptions.DefaultMinWidthPercent,
                ImageWidth = parsed.GetValue(imageWidth) ?? new SvgOptions().ImageWidth,
                Colors = parsed.GetValue(palette) ?? new SvgOptions().Colors,
            };
            var options = new WrapperOptions
            {
                Record = record,
                Collapse = new PerfCollapseOptions { IncludeTid = parsed.GetValue(perThread) },
                Filter = new WrapperOptions().Filter with
                {
                    SkipAfter = parsed.GetValue(skipAfter) ?? [],
                    PostProcess = parsed.GetValue(postProcess),
                },
                Svg = svg,
                Output = parsed.GetValue(output) ?? WrapperOptions.DefaultOutput,
                FoldedOutput = parsed.GetValue(foldedOutput),
                Open = parsed.GetValue(open),
            };
            WrapperOptionRules.Check(options);
            var profiler = Profiler.Find(Environment.GetEnvironmentVariable);
            RecordOptionRules.CheckFor(profiler, record);
            return new FlameGraphPipeline(options, profiler).Run();
        });
        return CommandLineApp.Run("flamegraph", command, ours);
    }
}
