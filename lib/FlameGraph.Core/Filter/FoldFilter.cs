using FlameGraph.Filter.Demangling;
using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Filter;

/// <summary>
/// Folded stacks in, folded stacks out. The stages run in this order, each on the distinct
/// stacks the previous one left (equal stacks merged by adding their counts):
///   1. read every input, merging equal stacks;
///   2. --demangle, so the later stages see the names people write;
///   3. --skip-after, on demangled names;
///   4. --collapse-recursion, after the cut so a cut frame cannot hide a repeat;
///   5. --include / --exclude, on the stacks as they will be drawn;
///   6. --post-process, which sees the final stacks and whose output is read back as folded;
///   7. write sorted bytewise.
/// </summary>
public sealed class FoldFilter(FoldFilterOptions options)
{
    StackCounts _stacks = new();
    readonly StageReport _report = new();

    /// <summary>
    /// Reads every input (files in order, "-" for stdin), runs the stages and writes the result.
    /// </summary>
    /// <param name="open">Opens an input by name; default: the file (or stdin for "-").</param>
    /// <returns>The warnings: lines without a count, in the inputs and in --post-process output.</returns>
    public StageReport Run(IReadOnlyList<string> inputs, ByteWriter output, Func<string, Stream>? open = null)
    {
        foreach (var name in inputs)
        {
            using var input = open?.Invoke(name) ?? InputFiles.Open(name);
            var skipped = Add(input, name);
            if (skipped.Count > 0)
                _report.Warn(skipped.Describe(InputFiles.Quoted(name)));
        }
        Transform();
        WriteTo(output);
        return _report;
    }

    /// <summary>Reads one input (named in errors; "-" is stdin); returns the lines that had no count.</summary>
    public SkippedLines Add(Stream input, string name = InputFiles.StdinName) => _stacks.Read(input, name);

    /// <summary>Runs stages 2 to 6 on everything read so far.</summary>
    public void Transform()
    {
        var skipAfter = new SkipAfter(options.SkipAfter);
        var filter = new FrameFilter(options.Include, options.Exclude);
        if (options.Demangle || skipAfter.IsActive || options.CollapseRecursion || filter.IsActive)
            _stacks = Rewrite(_stacks, skipAfter, filter);
        if (options.PostProcess is { } command)
            _stacks = PostProcess(_stacks, command);
    }

    public void WriteTo(ByteWriter output) => _stacks.WriteTo(output);

    StackCounts Rewrite(StackCounts input, SkipAfter skipAfter, FrameFilter filter)
    {
        var output = new StackCounts();
        output.MarkDifferential(input.IsDifferential);
        var demangler = new StackDemangler();
        var recursion = new RecursionCollapser();
        foreach (var (original, counts) in input.Entries)
        {
            ReadOnlySpan<byte> stack = original;
            if (options.Demangle)
                stack = demangler.Apply(stack);
            if (skipAfter.IsActive)
                stack = skipAfter.Apply(stack);
            if (options.CollapseRecursion && !recursion.TryApply(stack, out stack))
                continue;
            if (filter.IsActive && !filter.Keeps(stack))
                continue;
            output.Add(stack.SequenceEqual(original) ? original : stack.ToArray(), counts);
        }
        return output;
    }

    StackCounts PostProcess(StackCounts input, string command)
    {
        var text = CommandFilter.Run(command, stdin =>
        {
            using var writer = new ByteWriter(stdin);
            input.WriteTo(writer);
        });
        var output = new StackCounts();
        var skipped = output.Read(new MemoryStream(text, writable: false), $"the output of '{command}'");
        if (skipped.Count > 0)
            _report.Warn(skipped.Describe($"the output of '{command}'"));
        return output;
    }
}
