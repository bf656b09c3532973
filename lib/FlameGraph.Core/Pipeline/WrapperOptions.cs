using FlameGraph.Collapse.Perf;
using FlameGraph.Filter;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Pipeline;

/// <summary>
/// Everything one `flamegraph` run does, stage by stage. The defaults are flamegraph-rs's:
/// record at 997 Hz with dwarf unwinding, demangle, render with a 0.01% minimum width into
/// flamegraph.svg.
/// </summary>
public readonly record struct WrapperOptions
{
    public const string DefaultOutput = "flamegraph.svg";

    /// <summary>flamegraph-rs passes its --min-width to the renderer as a percent of the total.</summary>
    public const double DefaultMinWidthPercent = 0.01;

    public WrapperOptions() { }

    /// <summary>What to record (workload, pids or an existing perf.data) and how.</summary>
    public RecordOptions Record { get; init; }

    /// <summary>How to fold perf script's text: default options, or one root per thread (--per-thread).</summary>
    public PerfCollapseOptions Collapse { get; init; } = new();

    /// <summary>Demangling (always on, as flamegraph-rs), --skip-after and --post-process.</summary>
    public FoldFilterOptions Filter { get; init; } = new() { Demangle = true };

    /// <summary>The renderer's options; the title stays "Flame Graph" whatever the layout, as in flamegraph-rs.</summary>
    public SvgOptions Svg { get; init; } = new() { MinWidth = DefaultMinWidthPercent, MinWidthIsPercent = true };

    /// <summary>Where the SVG goes. Default: flamegraph.svg.</summary>
    public string Output { get; init; } = DefaultOutput;

    /// <summary>Also keep the folded stacks (after demangling and filtering) in this file. Default: null.</summary>
    public string? FoldedOutput { get; init; }

    /// <summary>
    /// Fold through `perf script` even a recording that could be read directly (one without user
    /// stack dumps). Default: false (such a recording is read in process, no perf script).
    /// </summary>
    public bool PerfScript { get; init; }

    /// <summary>Open the SVG with xdg-open afterwards. Default: false.</summary>
    public bool Open { get; init; }

    /// <summary>Every rule, the recording's included; a usage error names the first one broken.</summary>
    public void Validate()
    {
        Record.Validate();
        ValidateRendering();
    }

    /// <summary>
    /// The rules that do not depend on the workload, for a front end (cargo, dotnet) that builds
    /// the program to profile only after checking its command line.
    /// </summary>
    public void ValidateSettings()
    {
        Record.ValidateSettings();
        ValidateRendering();
    }

    void ValidateRendering()
    {
        // flamegraph-rs refuses what flamegraph.pl would draw; fg-svg keeps Perl's leniency.
        if (Svg.Reverse && Svg.FlameChart)
            throw new OptionsException("--reverse cannot be used with --flamechart");
        Svg.Validate();
        if (!(Svg.MinWidth >= 0) || double.IsInfinity(Svg.MinWidth))
            throw new OptionsException($"--min-width must be a percentage of 0 or more, not {Svg.MinWidth}");
        if (Svg.ImageWidth <= 0)
            throw new OptionsException($"--image-width must be a positive number of pixels, not {Svg.ImageWidth}");
        if (!Palette.Names.Contains(Svg.Colors))
            throw new OptionsException($"--palette must be one of {string.Join(", ", Palette.Names)}, not '{Svg.Colors}'");
        if (Output.Length == 0)
            throw new OptionsException("--output needs a file name");
    }
}
