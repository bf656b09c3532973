using System.CommandLine;
using System.Globalization;
using FlameGraph.Record;

namespace FlameGraph.Cli;

/// <summary>
/// The recording options, declared once for fg-record and for the front ends that record and
/// render in one run (flamegraph, cargo-flamegraph, dotnet-flamegraph), and read into
/// <see cref="RecordOptions"/> the same way everywhere.
/// </summary>
public sealed class RecordCommandLine
{
    public Option<string[]> Pid { get; } = new("--pid", "-p")
    {
        Description = "Profile running process(es) instead of a command; comma-separated, repeatable",
        HelpName = "PID[,PID...]",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> PerfData { get; } = new("--perfdata") { HelpName = "FILE", Description = "Use an existing perf.data instead of recording" };

    public Option<int?> Freq { get; } = new("--freq", "-F") { HelpName = "HZ", Description = $"Sampling frequency in Hz [default: {RecordOptions.DefaultFrequency}]" };

    public Option<string?> Custom { get; } = new("--cmd", "-c")
    {
        HelpName = "ARGS",
        Description = "Custom perf arguments, whitespace-split, starting with the subcommand (\"record -e cycles ...\"); "
            + "an '-o FILE' pair names the data file, else '-o perf.data' is added. With dtrace: the D program",
    };

    public Option<string?> CallGraph { get; } = new("--call-graph") { HelpName = "MODE", Description = $"perf unwinder: dwarf[,SIZE], fp or lbr [default: {RecordOptions.DefaultCallGraph}]" };

    public Option<int?> Compression { get; } = new("--compression-level", "-z")
    {
        Description = "Compress perf.data at this level (bare -z: 1)",
        HelpName = "LEVEL",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<double?> Duration { get; } = new("--duration") { HelpName = "SECONDS", Description = "Stop recording after SECONDS (a command is stopped too; attached processes live on)" };

    public Option<string?> Root { get; } = new("--root")
    {
        Description = "Run perf record and perf script through sudo; sudo flags may follow: --root='-E'",
        HelpName = "SUDO_FLAGS",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<bool> NoInline { get; } = new("--no-inline") { Description = "Pass --no-inline to perf script (much faster on large binaries)" };

    /// <summary>fg-record's own: the recording itself on stdout (the front ends fold it in process themselves).</summary>
    public Option<bool> PerfDataOutput { get; } = new("--perf-data")
    {
        Description = "Print perf.data itself, not perf script's text, for a reader of perf.data: fg-record --perf-data -- CMD | fg-collapse-perf (perf only)",
    };

    public Option<bool> IgnoreStatus { get; } = new("--ignore-status") { Description = "Keep the profile even when the command exits with a non-zero status" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print the perf record and perf script command lines on stderr" };

    /// <summary>The options that attach to running processes or replay a recording (not for the build front ends).</summary>
    public IEnumerable<Option> Attach => [Pid, PerfData];

    /// <summary>The options of every recording, in the order `--help` lists them.</summary>
    public IEnumerable<Option> Recording => [Freq, Custom, CallGraph, Compression, Duration, Root, NoInline, IgnoreStatus, Verbose];

    /// <summary>Every option's value for a run on <paramref name="workload"/>; options not on the command keep their defaults.</summary>
    public RecordOptions Read(ParseResult parsed, IReadOnlyList<string> workload) => new()
    {
        Command = workload,
        Pids = parsed.GetResult(Pid) is null ? [] : ParsePids(parsed.GetValue(Pid) ?? []),
        PerfData = parsed.GetResult(PerfData) is null ? null : parsed.GetValue(PerfData),
        Frequency = parsed.GetValue(Freq),
        CustomCommand = parsed.GetValue(Custom),
        CallGraph = parsed.GetValue(CallGraph),
        CompressionLevel = parsed.GetResult(Compression) is null ? null : parsed.GetValue(Compression) ?? 1,
        Duration = parsed.GetValue(Duration) is { } seconds ? Seconds(seconds) : null,
        Root = parsed.GetResult(Root) is not null,
        SudoFlags = parsed.GetValue(Root),
        NoInline = parsed.GetValue(NoInline),
        PerfDataOutput = parsed.GetResult(PerfDataOutput) is not null && parsed.GetValue(PerfDataOutput),
        IgnoreStatus = parsed.GetValue(IgnoreStatus),
        Verbose = parsed.GetValue(Verbose),
    };

    /// <summary>`-p 1,2 -p 3` as 1, 2, 3.</summary>
    internal static int[] ParsePids(IEnumerable<string> values)
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

    internal static TimeSpan Seconds(double seconds)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds) || seconds > int.MaxValue / 1000)
            throw new OptionsException($"--duration must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
        return TimeSpan.FromSeconds(seconds);
    }

}
