namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>Which kind of cargo target is profiled, and how it is built.</summary>
public enum TargetSelector
{
    /// <summary>No selector given: a unique bin is looked up (default-run honoured).</summary>
    None,
    Bin,
    Example,
    Test,
    Bench,
    UnitTest,
    UnitBench,
}

/// <summary>What `cargo flamegraph` builds. Every default leaves the choice to cargo.</summary>
public readonly record struct CargoOptions
{
    public CargoOptions() { }

    /// <summary>--dev: the dev profile, no --release, and no debuginfo warning. Default: false.</summary>
    public bool Dev { get; init; }

    /// <summary>--profile NAME: replaces --release. Default: null.</summary>
    public string? Profile { get; init; }

    /// <summary>-p/--package: builds this package and limits the target search to it. Default: null.</summary>
    public string? Package { get; init; }

    /// <summary>The selector given (--bin, --example, ...). Default: none.</summary>
    public TargetSelector Selector { get; init; }

    /// <summary>The selector's target name; null for a bare --unit-test/--unit-bench or no selector.</summary>
    public string? TargetName { get; init; }

    /// <summary>--unit-test-kind bin|lib: limits --unit-test/--unit-bench to one kind. Default: null (both).</summary>
    public string? UnitKind { get; init; }

    /// <summary>--target TRIPLE. Default: null.</summary>
    public string? Triple { get; init; }

    /// <summary>--manifest-path. Default: null (cargo looks up from the current directory).</summary>
    public string? ManifestPath { get; init; }

    /// <summary>-f/--features. Default: null.</summary>
    public string? Features { get; init; }

    /// <summary>--no-default-features. Default: false.</summary>
    public bool NoDefaultFeatures { get; init; }

    /// <summary>-v: also print the build command. Default: false.</summary>
    public bool Verbose { get; init; }

    /// <summary>Arguments after `--`, given to the profiled program.</summary>
    public IReadOnlyList<string> TrailingArguments { get; init; } = [];
}
