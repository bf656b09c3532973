namespace FlameGraph.Record;

/// <summary>What to record and how; the defaults are flamegraph-rs's.</summary>
public readonly partial record struct RecordOptions
{
    public const int DefaultFrequency = 997;
    public const string DefaultCallGraph = "dwarf,64000";
    public const string DefaultPerfData = "perf.data";

    /// <summary>The workload: program and arguments (given after `--`). Default: none.</summary>
    public IReadOnlyList<string> Command { get; init; }

    /// <summary>Running processes to attach to instead of a command (`-p`). Default: none.</summary>
    public IReadOnlyList<int> Pids { get; init; }

    /// <summary>An existing recording to print instead of recording (`--perfdata`). Default: null.</summary>
    public string? PerfData { get; init; }

    /// <summary>Samples per second (`-F`); null means <see cref="DefaultFrequency"/> (997 Hz).</summary>
    public int? Frequency { get; init; }

    /// <summary>
    /// Replaces perf's record arguments (`-c "record ..."`), split on whitespace; for dtrace it is
    /// the D program. Default: null (the standard arguments).
    /// </summary>
    public string? CustomCommand { get; init; }

    /// <summary>perf's unwinder: `dwarf[,SIZE]`, `fp` or `lbr`. Default: <see cref="DefaultCallGraph"/>.</summary>
    public string? CallGraph { get; init; }

    /// <summary>perf record's `-z` level; null means no compression. Default: null.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Stop recording after this long (SIGINT to the recorder). Default: null (until the workload ends or Ctrl-C).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Run the recorder and perf script through sudo. Default: false.</summary>
    public bool Root { get; init; }

    /// <summary>Extra sudo flags (`--root=-E`), split on whitespace. Default: null.</summary>
    public string? SudoFlags { get; init; }

    /// <summary>Pass `--no-inline` to perf script (much faster on big binaries). Default: false.</summary>
    public bool NoInline { get; init; }

    /// <summary>
    /// Print the recording itself (perf.data's bytes, for a reader of perf.data such as
    /// fg-collapse-perf) instead of `perf script`'s text. Perf only. Default: false.
    /// </summary>
    public bool PerfDataOutput { get; init; }

    /// <summary>
    /// Ask perf script for the PID as well as the TID (`-F +pid`), so a collapser can root stacks
    /// per thread as comm-PID/TID. Default: false (perf's default fields).
    /// </summary>
    public bool ScriptShowsPid { get; init; }

    /// <summary>Keep the profile of a workload that exits non-zero. Default: false (exit 1).</summary>
    public bool IgnoreStatus { get; init; }

    /// <summary>Print the recorder and script command lines on stderr. Default: false.</summary>
    public bool Verbose { get; init; }

    public int FrequencyOrDefault => Frequency ?? DefaultFrequency;

    public string CallGraphOrDefault => CallGraph ?? DefaultCallGraph;

    public IReadOnlyList<string> CommandOrEmpty => Command ?? [];

    public IReadOnlyList<int> PidsOrEmpty => Pids ?? [];
}
