namespace FlameGraph.Filter;

/// <summary>What fg-fold-filter does to the stacks; every stage is off by default.</summary>
public readonly record struct FoldFilterOptions
{
    /// <summary>
    /// Frame names that cut the stack (inferno-collapse-perf --skip-after): the matching frame
    /// nearest the leaf is kept and every frame rootward of it is dropped. Empty: off.
    /// </summary>
    public IReadOnlyList<string> SkipAfter { get; init; }

    /// <summary>A command whose stdout replaces the stacks it is fed on stdin. Null: off.</summary>
    public string? PostProcess { get; init; }

    /// <summary>Demangle Rust (legacy and v0) and C++ Itanium symbols inside frames. Default off.</summary>
    public bool Demangle { get; init; }

    /// <summary>Keep only stacks with a frame matching one of these patterns. Empty: keep all.</summary>
    public IReadOnlyList<string> Include { get; init; }

    /// <summary>Drop stacks with a frame matching one of these patterns. Empty: drop none.</summary>
    public IReadOnlyList<string> Exclude { get; init; }

    /// <summary>Merge directly recursive frames, `a;b;b;c` to `a;b;c` (stackcollapse-recursive.pl). Default off.</summary>
    public bool CollapseRecursion { get; init; }

    public FoldFilterOptions()
    {
        SkipAfter = [];
        Include = [];
        Exclude = [];
    }
}
