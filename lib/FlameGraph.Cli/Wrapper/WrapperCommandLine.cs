using System.CommandLine;
using System.Globalization;
using FlameGraph.Collapse.Perf;
using FlameGraph.Pipeline;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Cli;

/// <summary>
/// The recording and rendering options of `flamegraph`, declared once so that the language front
/// ends (which build a project and then profile it) offer exactly the same set, and turned into
/// <see cref="WrapperOptions"/> the same way.
/// </summary>
public sealed class WrapperCommandLine
{
    /// <summary>flamegraph-rs keeps "Flame Graph" for icicle graphs and flame charts too.</summary>
    public const string DefaultTitle = "Flame Graph";

    /// <summary>The recording options, shared with fg-record.</summary>
    public RecordCommandLine Recorder { get; } = new();

    public Option<string[]> Pid => Recorder.Pid;
    public Option<string?> PerfData => Recorder.PerfData;
    public Option<string?> Custom => Recorder.Custom;
    public Option<bool> Verbose => Recorder.Verbose;

    public Option<string> Output { get; } = new Option<string>("--output", "-o") { Description = $"Output SVG file [default: {WrapperOptions.DefaultOutput}]", HelpName = "FILE" };
    public Option<bool> Open { get; } = new Option<bool>("--open") { Description = "Open the SVG with xdg-open afterwards" };
    public Option<string?> Title { get; } = new Option<string?>("--title") { Description = $"Title text [default: {DefaultTitle}]", HelpName = "STRING" };
    public Option<string?> Subtitle { get; } = new Option<string?>("--subtitle") { Description = "Second-level title", HelpName = "STRING" };
    public Option<bool> Deterministic { get; } = new Option<bool>("--deterministic") { Description = "Colour by a hash of the function name: the same colours on every run" };
    public Option<bool> Inverted { get; } = new Option<bool>("--inverted", "-i") { Description = "Icicle graph: roots at the top" };
    public Option<bool> Reverse { get; } = new Option<bool>("--reverse") { Description = "Reverse every stack (leaves become roots)" };
    public Option<string?> Notes { get; } = new Option<string?>("--notes") { Description = "Notes embedded in the SVG as a comment", HelpName = "STRING" };
    public Option<double?> MinWidth { get; } = new Option<double?>("--min-width") { Description = $"Omit frames narrower than this percentage of the total [default: {WrapperOptions.DefaultMinWidthPercent.ToString(CultureInfo.InvariantCulture)}]", HelpName = "PERCENT" };
    public Option<int?> ImageWidth { get; } = new Option<int?>("--image-width") { Description = "Width of the image in pixels [default: 1200]", HelpName = "PIXELS" };
    public Option<string?> ColourPalette { get; } = new Option<string?>("--palette") { Description = "Colour palette [default: hot]: " + string.Join(", ", Palette.Names), HelpName = "PALETTE" };
    public Option<string[]> SkipAfter { get; } = new Option<string[]>("--skip-after") { Description = "Cut stacks at a frame named FUNCTION: drop its callers (repeatable)", HelpName = "FUNCTION", AllowMultipleArgumentsPerToken = false };
    public Option<bool> FlameChart { get; } = new Option<bool>("--flamechart") { Description = "Flame chart: keep time order instead of sorting" };
    public Option<string?> PostProcess { get; } = new Option<string?>("--post-process") { Description = "Pipe the folded stacks through CMD (shell-like words, no shell) and draw its output", HelpName = "CMD" };
    public Option<string?> FoldedOutput { get; } = new Option<string?>("--folded-output") { Description = "Also write the folded stacks (as drawn) to FILE", HelpName = "FILE" };
    public Option<bool> PerfScript { get; } = new Option<bool>("--perf-script") { Description = "Fold through perf script even a recording without DWARF stacks (fp, lbr), which is otherwise read directly" };
    public Option<bool> PerThread { get; } = new Option<bool>("--per-thread") { Description = "One root frame per thread: comm-PID/TID" };

    /// <summary>The options that attach to running processes or replay a recording (not for the build front ends).</summary>
    public IEnumerable<Option> Attach => Recorder.Attach;

    /// <summary>The recording and rendering options every front end takes, in the order `--help` lists them.</summary>
    public IEnumerable<Option> Recording =>
    [
        Output, Open, .. Recorder.Recording,
        Title, Subtitle, Deterministic, Inverted, Reverse, Notes, MinWidth, ImageWidth, ColourPalette, SkipAfter,
        FlameChart, PostProcess, FoldedOutput, PerThread, PerfScript,
    ];

    /// <summary>Options that name files, for shell completion.</summary>
    public IEnumerable<Option> Paths => [Output, PerfData, FoldedOutput];

    /// <summary>Adds the attach options (when wanted) and the recording options to <paramref name="command"/>.</summary>
    public void AddTo(Command command, bool withAttach = true)
    {
        foreach (var option in withAttach ? Attach.Concat(Recording) : Recording)
            command.Options.Add(option);
    }

    /// <summary>
    /// Every option's value, for a run on <paramref name="workload"/> (the command and its arguments;
    /// a front end that builds the program first fills it in later). Not checked yet: <see cref="Run(WrapperOptions)"/> checks.
    /// </summary>
    public WrapperOptions Read(ParseResult parsed, IReadOnlyList<string> workload)
    {
        // Thread roots are comm-PID/TID; perf script's default fields carry only the TID.
        var record = Recorder.Read(parsed, workload) with { ScriptShowsPid = parsed.GetValue(PerThread) };
        var svg = new WrapperOptions().Svg with
        {
            Title = parsed.GetValue(Title) is { Length: > 0 } t ? t : DefaultTitle,
            Subtitle = parsed.GetValue(Subtitle) ?? "",
            ColorMode = parsed.GetValue(Deterministic) ? ColorMode.Fnv : ColorMode.NameSeeded,
            Inverted = parsed.GetValue(Inverted),
            Reverse = parsed.GetValue(Reverse),
            FlameChart = parsed.GetValue(FlameChart),
            Notes = parsed.GetValue(Notes) ?? "",
            MinWidth = parsed.GetValue(MinWidth) ?? WrapperOptions.DefaultMinWidthPercent,
            ImageWidth = parsed.GetValue(ImageWidth) ?? new SvgOptions().ImageWidth,
            Colors = parsed.GetValue(ColourPalette) ?? new SvgOptions().Colors,
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
            PerfScript = parsed.GetValue(PerfScript),
        };
    }

    /// <summary>Checks the options, finds perf (or dtrace) and runs the whole pipeline.</summary>
    public static int Run(WrapperOptions options) => Run(options, beforeRecording: null);

    /// <summary>
    /// As <see cref="Run(WrapperOptions)"/>; <paramref name="beforeRecording"/> runs after every check and
    /// before perf starts (a front end builds the program there) and may change the options.
    /// </summary>
    public static int Run(WrapperOptions options, Func<WrapperOptions, WrapperOptions>? beforeRecording)
    {
        options.Validate();
        var profiler = Profiler.Find(Environment.GetEnvironmentVariable);
        options.Record.ValidateFor(profiler);
        if (beforeRecording is not null)
            options = beforeRecording(options);
        var pipeline = new FlameGraphPipeline(options, profiler)
        {
            Log = Diagnostics.Info,
            WhileFolding = ScriptProgress.Show,
        };
        var report = pipeline.Run();
        Diagnostics.Print(report);
        // As flamegraph-rs words it, path in double quotes, on stdout.
        Console.Out.Write($"writing flamegraph to \"{options.Output}\"\n");
        Console.Out.Flush();
        if (report.Failure is { } failure)
        {
            // A damaged recording: the graph shows the samples before the damage, and the run still fails.
            Diagnostics.Error(failure);
            return 1;
        }
        if (options.Open)
            SvgViewer.Open(options.Output);
        return 0;
    }
}
