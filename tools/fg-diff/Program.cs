using System.CommandLine;
using FlameGraph.Cli;
using FlameGraph.Diff;
using FlameGraph.Internals;

namespace FlameGraph.Tools.FgDiff;

/// <summary>
/// fg-diff: join two folded profiles into a differential profile for fg-svg.
/// Drop-in for difffolded.pl and inferno-diff-folded:
///   fg-diff [-n] [-s] before.folded after.folded | fg-svg &gt; diff.svg
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var normalize = new Option<bool>("--normalize", "-n") { Description = "Normalize sample counts: scale the first profile to the second's total" };
        var stripHex = new Option<bool>("--strip-hex", "-s") { Description = "Strip hex numbers (addresses) so they compare equal" };
        var before = new Argument<string>("folded1") { Description = "The profile before (\"-\" for stdin)" };
        var after = new Argument<string>("folded2") { Description = "The profile after (\"-\" for stdin)" };
        var command = new RootCommand("Join two folded stack profiles into a differential profile: stack count1 count2.\n"
            + "Widths in the flame graph come from the second file; colours show the change.\n"
            + "Example: fg-diff before.folded after.folded | fg-svg > diff.svg")
        {
            normalize, stripHex, before, after,
        };
        command.SetAction(parsed =>
        {
            string path1 = parsed.GetValue(before)!, path2 = parsed.GetValue(after)!;
            if (path1 == InputFiles.StdinName && path2 == InputFiles.StdinName)
                throw new OptionsException("only one of the two inputs can be stdin");
            var options = new FoldedDiffOptions { Normalize = parsed.GetValue(normalize), StripHex = parsed.GetValue(stripHex) };
            using var output = StdoutStream.OpenWriter();
            Diagnostics.Print(new FoldedDiff(options).Run(path1, path2, output));
            return 0;
        });
        return CommandLineApp.RunFilter("fg-diff", command, args);
    }
}
