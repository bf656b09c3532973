using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Dtrace;

/// <summary>How fg-collapse-dtrace folds stacks.</summary>
public readonly record struct DtraceCollapseOptions
{
    /// <summary>
    /// Keep the `+0x...` offsets of the frames (inferno's --includeoffset, stackcollapse.pl's
    /// $includeoffset tunable). Default false: offsets are removed. When true, the leaf's offset is
    /// removed the way stackcollapse.pl does it: from the last '+' of the whole joined stack, which
    /// also cuts the frames after the last offset when the leaf has none.
    /// </summary>
    public bool IncludeOffset { get; init; }
}

/// <summary>Where a stack without a count line began; the reference drops such a stack silently.</summary>
public readonly record struct UnfinishedStack(string Input, long Line);

/// <summary>
/// Folds DTrace stack()/ustack() aggregation text into `root;...;leaf count` lines sorted
/// bytewise, as stackcollapse.pl does. The inputs are one stream, as Perl's `&lt;&gt;` reads them: the
/// three header lines are skipped at the start of the first input only, and a stack may run on
/// from one input into the next. A stack is its frame lines (leaf first) up to a line holding
/// only a count; blank lines inside a stack are skipped, so stack()+ustack() keys fold into one
/// stack. Identical stacks have their counts added.
/// </summary>
public sealed class DtraceCollapser(DtraceCollapseOptions options)
{
    /// <summary>stackcollapse.pl skips this many lines, whatever they hold (DTrace's CPU/ID/FUNCTION header).</summary>
    const int HeaderLines = 3;

    readonly StackCounts _stacks = new();
    readonly ByteBuffer _frames = new();            // every frame line of the current stack, tidied, in input order
    readonly List<(int Start, int Length)> _lines = [];  // each frame line's slice of _frames (leaf first)
    readonly ByteBuffer _joined = new();
    long _linesRead;
    UnfinishedStack? _pending;

    /// <summary>The stack still waiting for its count line, if any: after the last input it is dropped.</summary>
    public UnfinishedStack? Unfinished => _pending;

    /// <summary>Folds the inputs (files in order, "-" for stdin) as one stream and writes the stacks.</summary>
    /// <param name="open">Opens an input by name; default: the file (or stdin for "-").</param>
    /// <returns>A warning when the last stack had no count line (it is left out, as the reference does).</returns>
    public StageReport Run(IReadOnlyList<string> inputs, ByteWriter output, Func<string, Stream>? open = null)
    {
        foreach (var name in inputs)
        {
            using var input = open?.Invoke(name) ?? InputFiles.Open(name);
            Add(input, name);
        }
        var report = new StageReport();
        if (Unfinished is { } dropped)
            report.Warn($"{InputFiles.Place(dropped.Input, dropped.Line)}: the stack that starts here has no count line before the end of the input; it was left out");
        WriteTo(output);
        return report;
    }

    public void Add(Stream input, string name)
    {
        var lines = new LineReader(input);
        while (lines.TryReadLine(out var line))
        {
            if (_linesRead++ < HeaderLines)
                continue;
            // A CRLF file reads as if it had LF endings (the reference would keep the '\r' and then
            // never see a count line, printing nothing).
            if (!line.IsEmpty && line[^1] == (byte)'\r')
                line = line[..^1];

            if (TryParseCount(line, name, lines.LineNumber, out var count))
            {
                Remember(count, name, lines.LineNumber);
                continue;
            }
            if (IsBlank(line))
                continue;

            int start = _frames.Length;
            if (DtraceFrame.AppendTidied(line, options.IncludeOffset, _frames) > 0)
            {
                _lines.Add((start, _frames.Length - start));
                _pending ??= new UnfinishedStack(name, lines.LineNumber);
            }
        }
    }

    /// <summary>Writes every folded stack, sorted bytewise, as `stack count`.</summary>
    public void WriteTo(ByteWriter output)
    {
        _stacks.WriteTo(output);
    }

    /// <param name="name">The input and line of the count, named if the stack's counts add up beyond 2^64-1.</param>
    void Remember(PerlNumber count, string name, long line)
    {
        // The frames came leaf first; the folded stack is root first.
        _joined.Clear();
        for (int i = _lines.Count - 1; i >= 0; i--)
        {
            if (i != _lines.Count - 1)
                _joined.Append((byte)';');
            _joined.Append(_frames.Slice(_lines[i].Start, _lines[i].Length));
        }
        var stack = _joined.Span;
        if (options.IncludeOffset)
            stack = DtraceFrame.CutAtLast(stack, (byte)'+');

        if (!_stacks.TryAdd(stack, count, count))
            throw CountLimit.SumTooLarge(stack, CountLimit.Place(name, line));

        _frames.Clear();
        _lines.Clear();
        _pending = null;
    }

    /// <summary>`^\s*(\d+)+$`: optional leading whitespace, then only ASCII digits (at most 2^64-1: an error beyond).</summary>
    static bool TryParseCount(ReadOnlySpan<byte> line, string name, long lineNumber, out PerlNumber count)
    {
        var digits = DtraceFrame.TrimLeadingSpace(line);
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            count = default;
            return false;
        }
        if (!PerlNumber.TryParse(digits, out count))
            throw CountLimit.TooLarge(CountLimit.Place(name, lineNumber), digits);
        return true;
    }

    static bool IsBlank(ReadOnlySpan<byte> line) => DtraceFrame.TrimLeadingSpace(line).IsEmpty;
}
