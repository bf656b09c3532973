using System.Globalization;
using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Record;

/// <summary>The combinations of options that make no sense, each refused with a usage error.</summary>
public static class RecordOptionRules
{
    public static void Check(RecordOptions options)
    {
        bool hasCommand = options.CommandOrEmpty.Count > 0, hasPids = options.PidsOrEmpty.Count > 0;
        if (options.PerfData is not null && (hasCommand || hasPids))
            throw new OptionsException("--perfdata prints an existing recording: do not pass a command or --pid with it");
        if (hasPids && hasCommand)
            throw new OptionsException("cannot pass in command with --pid");
        if (options.PerfData is null && !hasCommand && !hasPids)
            throw new OptionsException("no workload given: pass -- CMD, --pid or --perfdata");
        if (options.CustomCommand is not null && options.Frequency is not null)
            throw new OptionsException("Cannot pass both a custom command and a frequency.");
        if (options.CustomCommand is { } custom && string.IsNullOrWhiteSpace(custom))
            throw new OptionsException("--cmd needs the perf arguments, starting with the subcommand: -c \"record ...\"");
        if (options.Frequency is <= 0)
            throw new OptionsException($"--freq must be a positive number of Hz, not {options.Frequency}");
        if (options.CompressionLevel is < 0)
            throw new OptionsException($"--compression-level must be 0 or more, not {options.CompressionLevel}");
        if (options.CallGraph is { } callGraph && !IsCallGraph(callGraph))
            throw new OptionsException($"--call-graph must be dwarf[,SIZE], fp or lbr, not '{callGraph}'");
    }

    /// <summary>Rules that depend on which profiler runs.</summary>
    public static void CheckFor(Profiler profiler, RecordOptions options)
    {
        if (profiler.Kind == ProfilerKind.Dtrace && options.NoInline)
            throw new OptionsException("--no-inline is only supported with perf");
    }

    /// <summary>`-p 1,2 -p 3` as 1, 2, 3.</summary>
    public static int[] ParsePids(IEnumerable<string> values)
    {
        var pids = new List<int>();
        foreach (string value in values)
        {
            foreach (string part in value.Split(','))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
                    throw new OptionsException($"--pid takes process ids (PID[,PID...]), not '{value}'");
                pids.Add(pid);
            }
        }
        return [.. pids];
    }

    public static TimeSpan Seconds(double seconds)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds) || seconds > int.MaxValue / 1000)
            throw new OptionsException($"--duration must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
        return TimeSpan.FromSeconds(seconds);
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
