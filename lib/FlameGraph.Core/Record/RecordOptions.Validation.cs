using System.Globalization;

namespace FlameGraph.Record;

/// <summary>The combinations of recording options that make no sense, each refused as a usage error.</summary>
public readonly partial record struct RecordOptions
{
    /// <summary>Every rule: one workload (a command, pids or a recording) and sound settings.</summary>
    public void Validate()
    {
        bool hasCommand = CommandOrEmpty.Count > 0, hasPids = PidsOrEmpty.Count > 0;
        if (PerfData is not null && (hasCommand || hasPids))
            throw new OptionsException("--perfdata prints an existing recording: do not pass a command or --pid with it");
        if (hasPids && hasCommand)
            throw new OptionsException("cannot pass in command with --pid");
        if (PerfData is null && !hasCommand && !hasPids)
            throw new OptionsException("no workload given: pass -- CMD, --pid or --perfdata");
        ValidateSettings();
    }

    /// <summary>The rules that do not depend on the workload, for a front end that builds it later.</summary>
    public void ValidateSettings()
    {
        if (CustomCommand is not null && Frequency is not null)
            throw new OptionsException("Cannot pass both a custom command and a frequency.");
        if (CustomCommand is { } custom && string.IsNullOrWhiteSpace(custom))
            throw new OptionsException("--cmd needs the perf arguments, starting with the subcommand: -c \"record ...\"");
        if (Frequency is <= 0)
            throw new OptionsException($"--freq must be a positive number of Hz, not {Frequency}");
        if (CompressionLevel is < 0)
            throw new OptionsException($"--compression-level must be 0 or more, not {CompressionLevel}");
        if (CallGraph is { } callGraph && !IsCallGraph(callGraph))
            throw new OptionsException($"--call-graph must be dwarf[,SIZE], fp or lbr, not '{callGraph}'");
    }

    /// <summary>Rules that depend on which profiler runs.</summary>
    public void ValidateFor(Profiler profiler)
    {
        if (profiler.Kind == ProfilerKind.Dtrace && NoInline)
            throw new OptionsException("--no-inline is only supported with perf");
        if (profiler.Kind == ProfilerKind.Dtrace && PerfDataOutput)
            throw new OptionsException("--perf-data is only supported with perf: dtrace writes no perf.data");
    }

    static bool IsCallGraph(string value)
    {
        if (value is "fp" or "lbr" or "dwarf")
            return true;
        const string dwarf = "dwarf,";
        return value.StartsWith(dwarf, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(dwarf.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int size)
            && size > 0;
    }
}
