using System.CommandLine;
using FlameGraph.Cli;
using FlameGraph.Collapse.Perf;
using FlameGraph.Internals;

namespace FlameGraph.Tools.FgCollapsePerf;

/// <summary>
/// fg-collapse-perf: fold `perf script` output into one line per distinct stack.
/// Drop-in for stackcollapse-perf.pl (and inferno-collapse-perf's common options):
///   perf script | fg-collapse-perf [--pid] [--tid] [--all] ... &gt; out.folded
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var pid = new Option<bool>("--pid") { Description = "Include the PID with process names (comm-PID)" };
        var tid = new Option<bool>("--tid") { Description = "Include PID and TID with process names (comm-PID/TID)" };
        var kernel = new Option<bool>("--kernel") { Description = "Annotate kernel functions with _[k]" };
        var jit = new Option<bool>("--jit") { Description = "Annotate JIT functions (/tmp/perf-PID.map) with _[j]" };
        var all = new Option<bool>("--all") { Description = "All annotations (--kernel --jit)" };
        var addrs = new Option<bool>("--addrs") { Description = "Include raw addresses where symbols can't be found" };
        var eventFilter = new Option<string>("--event-filter") { Description = "Only samples of this event (perf's full name, e.g. cycles:u); default: the first event in the input", HelpName = "EVENT" };
        var inline = new Option<bool>("--inline") { Description = "Un-inline using addr2line" };
        var context = new Option<bool>("--context") { Description = "With --inline, add source context (file:line)" };
        var srcline = new Option<bool>("--srcline") { Description = "Parse 'perf script -F+srcline' output and add source lines" };
        var skipAfter = new Option<string[]>("--skip-after") { Description = "Cut stacks after this function (repeatable): keep it, drop its callers and the process name", HelpName = "FUNC" };
        var threads = new Option<int>("--nthreads", "-n") { Description = "Worker threads (default: number of processors)", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "N" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no warnings" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Say how many samples each perf.data held and where the time went" };
        var files = new Argument<string[]>("infile") { Description = "perf script output or perf.data files, read in order (default or \"-\": stdin)", Arity = ArgumentArity.ZeroOrMore };
        var command = new RootCommand("Fold 'perf script' output into one line per distinct stack: frame;frame;...;leaf count.\n"
            + "Counts are sums of sample periods. Output is sorted bytewise.\n"
            + "Example: perf script | fg-collapse-perf | fg-svg > perf.svg")
        {
            pid, tid, kernel, jit, all, addrs, eventFilter, inline, context, srcline, skipAfter, threads, quiet, verbose, files,
        };
        command.SetAction(parsed =>
        {
            var paths = InputFiles.NamesOrStdin(parsed.GetValue(files));
            // A word starting with '-' is a mistyped option, unless it came after `--` (a file named -x).
            var afterDashes = args.SkipWhile(arg => arg != "--").Skip(1).ToHashSet();
            if (paths.FirstOrDefault(p => p.Length > 1 && p[0] == '-' && !afterDashes.Contains(p)) is { } unknown)
                throw new OptionsException($"unknown option '{unknown}' (see 'fg-collapse-perf --help')");
            if (parsed.GetValue(eventFilter) is "")
                throw new OptionsException("--event-filter needs an event name, as perf script prints it (e.g. cycles:u)");
            InputFiles.CheckReadable(paths);
            bool annotateAll = parsed.GetValue(all);
            var options = new PerfCollapseOptions
            {
                IncludePid = parsed.GetValue(pid),
                IncludeTid = parsed.GetValue(tid),
                AnnotateKernel = annotateAll || parsed.GetValue(kernel),
                AnnotateJit = annotateAll || parsed.GetValue(jit),
                IncludeAddresses = parsed.GetValue(addrs),
                EventFilter = parsed.GetValue(eventFilter),
                Inline = parsed.GetValue(inline),
                InlineContext = parsed.GetValue(context),
                SourceLines = parsed.GetValue(srcline),
                SkipAfter = parsed.GetValue(skipAfter) ?? [],
                Threads = Math.Max(parsed.GetValue(threads), 1),
                MeasureTime = parsed.GetValue(verbose),
            };
            using var output = StdoutStream.OpenWriter();
            var report = new PerfCollapser(options).Run(paths, output);
            if (!parsed.GetValue(quiet))
                Diagnostics.Print(report);
            if (parsed.GetValue(verbose))
            {
                foreach (string detail in report.Details)
                    Diagnostics.Info(detail);
            }
            if (report.Failure is not { } failure)
                return 0;
            Diagnostics.Error(failure);
            return 1;
        });
        return CommandLineApp.RunFilter("fg-collapse-perf", command, args);
    }
}
