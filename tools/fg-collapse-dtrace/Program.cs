using System.CommandLine;
using FlameGraph.Cli;
using FlameGraph.Collapse.Dtrace;
using FlameGraph.Internals;

namespace FlameGraph.Tools.FgCollapseDtrace;

/// <summary>
/// fg-collapse-dtrace: fold DTrace stack()/ustack() aggregation output into folded stacks.
/// Drop-in for stackcollapse.pl and inferno-collapse-dtrace:
///   dtrace -x ustackframes=100 -n 'profile-97 { @[ustack()] = count(); }' -o out.stacks
///   fg-collapse-dtrace out.stacks | fg-svg &gt; out.svg
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var includeOffset = new Option<bool>("--includeoffset") { Description = "Keep function offsets (+0x...) on every frame but the leaf" };
        var nthreads = new Option<int>("--nthreads", "-n") { Description = "Accepted for compatibility with inferno; folding runs on one thread (it is bound by reading)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no warnings" };
        var inputs = new Argument<string[]>("infile") { Description = "DTrace output files, read in order as one input (none or \"-\": stdin)", Arity = ArgumentArity.ZeroOrMore };
        var command = new RootCommand("Fold DTrace stack()/ustack() aggregation text into `root;...;leaf count` lines, sorted.\n"
            + "The first 3 lines of the input (DTrace's header) are skipped.\n"
            + "Example: fg-collapse-dtrace out.stacks | fg-svg > out.svg")
        {
            includeOffset, nthreads, quiet, inputs,
        };
        command.SetAction(parsed =>
        {
            var names = InputFiles.NamesOrStdin(parsed.GetValue(inputs));
            InputFiles.CheckReadable(names);
            var options = new DtraceCollapseOptions { IncludeOffset = parsed.GetValue(includeOffset) };
            using var output = StdoutStream.OpenWriter();
            var report = new DtraceCollapser(options).Run(names, output);
            if (!parsed.GetValue(quiet))
                Diagnostics.Print(report);
            return 0;
        });
        return CommandLineApp.RunFilter("fg-collapse-dtrace", command, args);
    }
}
