using System.CommandLine;
using FlameGraph.Cli;

using FlameGraph.Record;

namespace FlameGraph.Tools.FgRecord;

/// <summary>
/// fg-record: profile a command or running processes with perf (or dtrace) and print the
/// recorded stack text on stdout:
///   fg-record -- ./app args | fg-collapse-perf | fg-svg &gt; app.svg
/// Records as flamegraph-rs does (`perf record -F 997 --call-graph dwarf,64000 -g -o perf.data`),
/// then streams `perf script` to stdout (with --perf-data, perf.data itself).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var (ours, workload) = TrailingArguments.Split(args);

        var cli = new RecordCommandLine();
        var command = new RootCommand("Record a command, or running processes, with perf and print the stack text (perf script) on stdout.\n"
            + "Usage: fg-record [options] -- CMD [ARGS...]   |   fg-record [options] --pid PID   |   fg-record --perfdata FILE\n"
            + "The command's own output goes to stderr; perf.data is left in the current directory.\n"
            + "With --perf-data, perf.data itself goes to stdout instead (no perf script): fg-collapse-perf reads it.\n"
            + "Environment: PERF (perf program), DTRACE (dtrace program, used where perf is absent).\n"
            + "Example: fg-record -- ./app | fg-collapse-perf | fg-svg > app.svg");
        foreach (var option in cli.Attach.Concat(cli.Recording))
            command.Options.Add(option);
        // After --no-inline, the other choice about what is printed.
        command.Options.Insert(command.Options.IndexOf(cli.NoInline) + 1, cli.PerfDataOutput);
        command.SetAction(parsed =>
        {
            var options = cli.Read(parsed, workload);
            options.Validate();
            var profiler = Profiler.Find(Environment.GetEnvironmentVariable);
            options.ValidateFor(profiler);
            if (options.PerfDataOutput && !Console.IsOutputRedirected)
                throw new OptionsException("--perf-data prints binary perf.data: send stdout to a pipe or a file (fg-record --perf-data ... | fg-collapse-perf)");
            using var stdout = StdoutStream.Open();
            Diagnostics.Print(new Recorder(options, profiler) { Log = Diagnostics.Info }.Run(stdout));
            return 0;
        });
        return CommandLineApp.Run("fg-record", command, ours, "put the command to profile after '--': fg-record [options] -- CMD [ARGS...]");
    }
}
