using System.CommandLine;
using System.Globalization;
using FlameGraph.CollapsePerf;
using FlameGraph.Common;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Wrapper;

/// <summary>
/// The recording and rendering options `flamegraph` shares with its front ends (cargo-flamegraph):
/// declared once, added to a command, and read back into <see cref="WrapperOptions"/>.
/// The workload selectors (--pid, --perfdata) and --completions belong to each command.
/// </summary>
public sealed class WrapperCommandLine
{
    public const string DefaultTitle = "Flame Graph";

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print the perf record and perf script command lines on stderr" };
    public Option<string> Output { get; } = new("--output", "-o") { Description = $"Output SVG file [default: {WrapperOptions.DefaultOutput}]", HelpName = "FILE" };
    public Option<bool> Open { get; } = new("--open") { Description = "Open the SVG with xdg-open afterwards" };
    public Option<string?> Root { get; } = new("--root") { Description = "Run perf record and perf script through sudo; sudo flags may follow: --root='-E'", HelpName = "SUDO_FLAGS", Arity = ArgumentArity.ZeroOrOne };
    public Option<int?> Freq { get; } = new("--freq", "-F") { Description = $"Sampling frequency in Hz [default: {RecordOptions.DefaultFrequency}]", HelpName = "HZ" };
    public Option<int?> Compression { get; } = new("--compression-level", "-z") { Description = "Compress perf.data at this level (bare -z: 1)", HelpName = "LEVEL", Arity = ArgumentArity.ZeroOrOne };
    public Option<string?> Custom { get; } = new("--cmd", "-c") { Description = "Custom perf arguments, whitespace-split, starting with the subcommand (\"record -e cycles ...\")", HelpName = "ARGS" };
    public Option<double?> Duration { get; } = new("--duration") { Description = "Stop recording after SECONDS (a command is stopped too; attached processes live on)", HelpName = "SECONDS" };
    public Option<string?> CallGraph { get; } = new("--call-graph") { Description = $"perf unwinder: dwarf[,SIZE], fp or lbr [default: {RecordOptions.DefaultCallGraph}]", HelpName = "MODE" };
    public Option<string?> Title { get; } = new("--title") { Description = $"Title text [default: {DefaultTitle}]", HelpName = "STRING" };
    public Option<string?> Subtitle { get; } = new("--subtitle") { Description = "Second-level title", HelpName = "STRING" };
    public Option<bool> Deterministic { get; } = new("--deterministic") { Description = "Colour by a hash of the function name: the same colours on every run" };
    public Option<bool> Inverted { get; } = new("--inverted", "-i") { Description = "Icicle graph: roots at the top" };
    public Option<bool> Reverse { get; } = new("--reverse") { Description = "Reverse every stack (leaves become roots)" };
    public Option<string?> Notes { get; } = new("--notes") { Description = "Notes embedded in the SVG as a comment", HelpName = "STRING" };
    public Option<double?> MinWidth { get; } = new("--min-width") { Description = $"Omit frames narrower than this percentage of the total [default: {WrapperOptions.DefaultMinWidthPercent.ToString(CultureInfo.InvariantCulture)}]", HelpName = "PERCENT" };
    public Option<int?> ImageWidth { get; } = new("--image-width") { Description = "Width of the image in pixels [default: 1200]", HelpName = "PIXELS" };
    public Option<string?> Palette { get; } = new("--palette") { Description = "Colour palette [default: hot]: " + string.Join(", ", Svg.Palette.Names), HelpName = "PALETTE" };
    public Option<string[]> SkipAfter { get; } = new("--skip-after") { Description = "Cut stacks at a frame named FUNCTION: drop its callers (repeatable)", HelpName = "FUNCTION", AllowMultipleArgumentsPerToken = false };
    public Option<bool> FlameChart { get; } = new("--flamechart") { Description = "Flame chart: keep time order instead of sorting" };
    public Option<bool> IgnoreStatus { get; } = new("--ignore-status") { Description = "Draw the graph even when the command exits with a non-zero status" };
    public Option<bool> NoInline { get; } = new("--no-inline") { Description = "Pass --no-inline to perf script (much faster on large binaries)" };
    public Option<string?> PostProcess { get; } = new("--post-process") { Description = "Pipe the folded stacks through CMD (shell-like words, no shell) and draw its output", HelpName = "CMD" };
    public Option<string?> FoldedOutput { get; } = new("--folded-output") { Description = "Also write the folded stacks (as drawn) to FILE", HelpName = "FILE" };
    public Option<bool> PerThread { get; } = new("--per-thread") { Description = "One root frame per thread: comm-PID/TID" };

    /// <summary>In the order `--help` lists them.</summary>
    public IEnumerable<Option> All =>
    [
        Verbose, Output, Open, Root, Freq, Compression, Custom, Duration, CallGraph,
        Title, Subtitle, Deterministic, Inverted, Reverse, Notes, MinWidth, ImageWidth, Palette, SkipAfter,
        FlameChart, IgnoreStatus, NoInline, PostProcess, FoldedOutput, PerThread,
    ];

    /// <summary>Options that name files, for shell completion.</summary>
    public IEnumerable<Option> Paths => [Output, FoldedOutput];

    /// <summary>Every option's value, for a run on <paramref name="workload"/> (the command and its arguments).</summary>
    public WrapperOptions Read(ParseResult parsed, string[] workload)
    {
        var record = new RecordOptions
        {
            Command = workload,
            Frequency = parsed.GetValue(Freq),
            CustomCommand = parsed.GetValue(Custom),
            CallGraph = parsed.GetValue(CallGraph),
            CompressionLevel = parsed.GetResult(Compression) is null ? null : parsed.GetValue(Compression) ?? 1,
            Duration = parsed.GetValue(Duration) is { } seconds ? RecordOptionRules.Seconds(seconds) : null,
            Root = parsed.GetResult(Root) is not null,
            SudoFlags = parsed.GetValue(Root),
            NoInline = parsed.GetValue(NoInline),
            IgnoreStatus = parsed.GetValue(IgnoreStatus),
            Verbose = parsed.GetValue(Verbose),
            // Thread roots are comm-PID/TID; perf script's default fields carry only the TID.
            ScriptShowsPid = parsed.GetValue(PerThread),
        };
        var svg = new WrapperOptions().Svg with
        {
            // flamegraph-rs keeps "Flame Graph" for icicle graphs and flame charts too.
            Title = parsed.GetValue(Title) is { Length: > 0 } t ? t : DefaultTitle,
            Subtitle = parsed.GetValue(Subtitle) ?? "",
            ColorMode = parsed.GetValue(Deterministic) ? ColorMode.Fnv : ColorMode.NameSeeded,
            Inverted = parsed.GetValue(Inverted),
            Reverse = parsed.GetValue(Reverse),
            FlameChart = parsed.GetValue(FlameChart),
            Notes = parsed.GetValue(Notes) ?? "",
            MinWidth = parsed.GetValue(MinWidth) ?? WrapperOptions.DefaultMinWidthPercent,
            ImageWidth = parsed.GetValue(ImageWidth) ?? new SvgOptions().ImageWidth,
            Colors = parsed.GetValue(Palette) ?? new SvgOptions().Colors,
        };
        return new WrapperOptions
        {
            Record = record,
            Collapse = new PerfCollapseOptions { IncludeTid = parsed.GetValue(PerThread) },
            Filter = new WrapperOptions().Filter with
            {
                SkipAfter = parsed.GetValue(SkipAfter) ?? [],
                PostProcess = parsed.GetValue(PostProcess),
            },
            Svg = svg,
            Output = parsed.GetValue(Output) ?? WrapperOptions.DefaultOutput,
            FoldedOutput = parsed.GetValue(FoldedOutput),
            Open = parsed.GetValue(Open),
        };
    }

    /// <summary>Checks the options, finds perf (or dtrace) and runs the whole pipeline.</summary>
    public static int Run(WrapperOptions options)
    {
        WrapperOptionRules.Check(options);
        var profiler = Profiler.Find(Environment.GetEnvironmentVariable);
        RecordOptionRules.CheckFor(profiler, options.Record);
        return new FlameGraphPipeline(options, profiler).Run();
    }
}
