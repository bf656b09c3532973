namespace FlameGraph.Record;

/// <summary>
/// The DTrace command line flamegraph-rs runs where perf is absent (macOS, BSD, illumos):
/// `dtrace -x ustackframes=100 -n 'profile-997 /pid == $target/ { @[ustack(100)] = count(); }'
/// -o STACKS (-c 'CMD' | -p PID ...)`. The stacks file is dtrace's aggregation text.
/// </summary>
public static class DtraceCommands
{
    /// <summary>Where the stacks go when recording (removed once printed).</summary>
    public const string DefaultStacksFile = "fg-record.stacks";

    public static string Program(int frequency) =>
        $"profile-{frequency} /pid == $target/ {{ @[ustack(100)] = count(); }}";

    public static ProcessCommand Record(string dtrace, string stacksFile, RecordOptions options)
    {
        var args = new List<string>
        {
            "-x", "ustackframes=100",
            "-n", options.CustomCommand ?? Program(options.FrequencyOrDefault),
            "-o", stacksFile,
        };
        if (options.PidsOrEmpty.Count > 0)
        {
            foreach (int pid in options.PidsOrEmpty)
                args.AddRange(["-p", pid.ToString()]);
        }
        else
        {
            args.AddRange(["-c", JoinForDtrace(options.CommandOrEmpty)]);
        }
        var record = new ProcessCommand(dtrace, args);
        return options.Root ? record.UnderSudo(options.SudoFlags) : record;
    }

    /// <summary>dtrace -c splits its string on spaces, so spaces inside an argument are escaped.</summary>
    static string JoinForDtrace(IReadOnlyList<string> command) =>
        string.Join(' ', command.Select(a => a.Replace(" ", "\\ ")));
}
