namespace FlameGraph.Collapse.Perf;

/// <summary>How fg-collapse-perf folds `perf script` output. Defaults match stackcollapse-perf.pl.</summary>
public readonly record struct PerfCollapseOptions
{
    public PerfCollapseOptions() { }

    /// <summary>Root frame `comm-PID` (`?` when perf printed only a TID). Default off.</summary>
    public bool IncludePid { get; init; }

    /// <summary>Root frame `comm-PID/TID`; wins over <see cref="IncludePid"/>. Default off.</summary>
    public bool IncludeTid { get; init; }

    /// <summary>Append `_[k]` to kernel frames (dso starting with `[` or ending with `vmlinux`). Default off.</summary>
    public bool AnnotateKernel { get; init; }

    /// <summary>Append `_[j]` to frames from `/tmp/perf-PID.map`. Default off.</summary>
    public bool AnnotateJit { get; init; }

    /// <summary>Name unknown frames `[dso &lt;pc&gt;]` instead of `[dso]`. Default off.</summary>
    public bool IncludeAddresses { get; init; }

    /// <summary>Keep only samples of this event (perf's full token, e.g. `cycles:u`); null = the first event seen.</summary>
    public string? EventFilter { get; init; }

    /// <summary>Un-inline frames with `addr2line` (cached per pc and dso). Default off.</summary>
    public bool Inline { get; init; }

    /// <summary>With <see cref="Inline"/>, append `:file:line` to each frame. Default off.</summary>
    public bool InlineContext { get; init; }

    /// <summary>Input is `perf script -F+srcline`: read the line after each frame as its source line. Default off.</summary>
    public bool SourceLines { get; init; }

    /// <summary>Raw symbols after which a stack is cut: that frame is kept, its callers and the process name dropped.</summary>
    public IReadOnlyList<string> SkipAfter { get; init; } = [];

    /// <summary>
    /// Measure where the time goes while a perf.data is read (a clock read per sample, so only
    /// when asked) and report it as a detail line. Default off.
    /// </summary>
    public bool MeasureTime { get; init; }

    /// <summary>Worker threads; default the number of processors, 0 counts as 1.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
