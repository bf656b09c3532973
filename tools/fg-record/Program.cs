using System.CommandLine;
using FlameGraph.Common;

namespace FlameGraph.Record;

/// <summary>
/// fg-record: profile a command or running processes with perf (or dtrace) and print the
/// recorded stack text on stdout:
///   fg-record -- ./app args | fg-collapse-perf | fg-svg > app.svg
/// Records as flamegraph-rs does (`perf record -F 997 --call-graph dwarf,64000 -g -o perf.data`),
/// then streams `perf script` to stdout.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Everything after the first `--` is the workload, untouched by our option parsing.
        int dashes = Array.IndexOf(args, "--");
        string[] ours = dashes < 0 ? args : args[..dashes];
        string[] workload = dashes < 0 ? [] : args[(dashes + 1)..];

        var pid = new Option<string[]>("--pid", "-p")
        {
            Description = "Profile running process(es) instead of a command; repeatable",
            HelpName = "PID[,PID...]",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var perfData = new Option<string?>("--perfdata") { HelpName = "FILE", Description = "Print the stacks of an existing perf.data instead of recording" };
        var freq = new Option<int?>("--freq", "-F") { HelpName = "HZ", Description = $"Sampling frequency in Hz [default: {RecordOptions.DefaultFrequency}]" };
        var custom = new Option<string?>("--cmd", "-c")
        {
            HelpName = "ARGS",
            Description = "Custom perf arguments, whitespace-split, starting with the subcommand (\"record -e cycles ...\"); "
                + "an '-o FILE' pair names the data file, else '-o perf.data' is added. With dtrace: the D program",
        };
        var callGraph = new Option<string?>("--call-graph") { HelpName = "MODE", Description = $"perf unwinder: dwarf[,SIZE], fp or lbr [default: {RecordOptions.DefaultCallGraph}]" };
        var compression = new Option<int?>("--compression-level", "-z")
        {
            Description = "Compress perf.data at this level (bare -z: 1)",
            HelpName = "LEVEL",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var duration = new Option<double?>("--duration") { HelpName = "SECONDS", Description = "Stop recording after SECONDS (the command is stopped too; attached processes live on)" };
        var root = new Option<string?>("--root")
        {
            Description = "Run perf record and perf script through sudo; sudo flags may follow: --root='-E'",
            HelpName = "SUDO_FLAGS",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var noInline = new Option<bool>("--no-inline") { Description = "Pass --no-inline to perf script (much faster on large binaries)" };
        var ignoreStatus = new Option<bool>("--ignore-status") { Description = "Print the stacks even when the command exits with a non-zero status" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the recorder and script command lines on stderr" };

        var command = new RootCommand("Record a command, or running processes, with perf and print the stack text (perf script) on stdout.\n"
            + "Usage: fg-record [options] -- CMD [ARGS...]   |   fg-record [options] --pid PID   |   fg-record --perfdata FILE\n"
            + "The command's own output goes to stderr; perf.data is left in the current directory.\n"
            + "Environment: PERF (perf program), DTRACE (dtrace program, used where perf is absent).\n"
            + "Example: fg-record -- ./app | fg-collapse-perf | fg-svg > app.svg")
        {
            pid, perfData, freq, custom, callGraph, compression, duration, root, noInline, ignoreStatus, verbose,
        };
        command.SetAction(parsed =>
        {
            var options = new RecordOptions
            {
                Command = workload,
                Pids = RecordOptionRules.ParsePids(parsed.GetValue(pid) ?? []),
                PerfData = parsed.GetValue(perfData),
                Frequency = parsed.GetValue(freq),
                CustomCommand = parsed.GetValue(custom),
                CallGraph = parsed.GetValue(callGraph),
                CompressionLevel = parsed.GetResult(compression) is null ? null : parsed.GetValue(compression) ?? 1,
                Duration = parsed.GetValue(duration) is { } seconds ? RecordOptionRules.Seconds(seconds) : null,
                Root = parsed.GetResult(root) is not null,
                SudoFlags = parsed.GetValue(root),
                NoInline = parsed.GetValue(noInline),
                IgnoreStatus = parsed.GetValue(ignoreStatus),
                Verbose = parsed.GetValue(verbose),
            };
            RecordOptionRules.Check(options);
            var profiler = Profiler.Find(Environment.GetEnvironmentVariable);
            RecordOptionRules.CheckFor(profiler, options);
            using var stdout = StdoutStream.Open();
            return new Recorder(options, profiler).Run(stdout);
        });
        return CommandLineApp.Run("fg-record", command, ours);
    }
}
