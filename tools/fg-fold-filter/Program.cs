using System.CommandLine;
using FlameGraph.Cli;
using FlameGraph.Filter;
using FlameGraph.Internals;

namespace FlameGraph.Tools.FgFoldFilter;

/// <summary>
/// fg-fold-filter: rewrite folded stacks (demangle, cut, merge recursion, filter, post-process).
///   fg-fold-filter [--demangle] [--skip-after FUNC]... [--collapse-recursion]
///                  [--include RE]... [--exclude RE]... [--post-process CMD] [FILE...]
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var skipAfter = new Option<string[]>("--skip-after") { Description = "Cut stacks at a frame named FUNC: keep it and its callees, drop its callers and the root frame (repeatable)", HelpName = "FUNC", AllowMultipleArgumentsPerToken = false };
        var postProcess = new Option<string>("--post-process") { Description = "Pipe the stacks through CMD (run without a shell) and read its output back", HelpName = "CMD" };
        var demangle = new Option<bool>("--demangle") { Description = "Demangle Rust (legacy, v0) and C++ (Itanium) symbol names in frames" };
        var include = new Option<string[]>("--include") { Description = "Keep only stacks with a frame matching REGEX (repeatable)", HelpName = "REGEX" };
        var exclude = new Option<string[]>("--exclude") { Description = "Drop stacks with a frame matching REGEX (repeatable)", HelpName = "REGEX" };
        var collapseRecursion = new Option<bool>("--collapse-recursion") { Description = "Merge directly recursive frames: a;b;b;c becomes a;b;c" };
        var files = new Argument<string[]>("FILE") { Description = "Folded stack files, merged in order (default stdin; \"-\" is stdin)", Arity = ArgumentArity.ZeroOrMore };
        var command = new RootCommand("Rewrite folded stacks: demangle, cut at a frame, merge recursion, filter, post-process.\n"
            + "Several inputs are merged by adding the counts of equal stacks; output is sorted bytewise.\n"
            + "Example: fg-fold-filter --demangle --exclude '^idle$' out.folded | fg-svg > out.svg")
        {
            skipAfter, postProcess, demangle, include, exclude, collapseRecursion, files,
        };
        command.SetAction(parsed =>
        {
            var options = new FoldFilterOptions
            {
                SkipAfter = parsed.GetValue(skipAfter) ?? [],
                PostProcess = parsed.GetValue(postProcess),
                Demangle = parsed.GetValue(demangle),
                Include = parsed.GetValue(include) ?? [],
                Exclude = parsed.GetValue(exclude) ?? [],
                CollapseRecursion = parsed.GetValue(collapseRecursion),
            };
            var names = InputFiles.NamesOrStdin(parsed.GetValue(files));
            InputFiles.CheckReadable(names);
            using var output = StdoutStream.OpenWriter();
            Diagnostics.Print(new FoldFilter(options).Run(names, output));
            return 0;
        });
        return CommandLineApp.RunFilter("fg-fold-filter", command, args);
    }
}
