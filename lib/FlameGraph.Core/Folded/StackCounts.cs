using FlameGraph.Internals;

namespace FlameGraph.Folded;

/// <summary>
/// Folded stacks with their counts, equal stacks merged by adding counts: the one stack-count map
/// of the folded-text stages (fg-fold-filter, fg-diff, fg-collapse-dtrace). A line may carry a
/// second count (differential input, `stack before after`); once any line does, every stack is
/// written with two counts, and a single-count line counts the same in both columns.
/// </summary>
public sealed class StackCounts
{
    readonly Dictionary<byte[], (PerlNumber First, PerlNumber Second)> _stacks = new(ByteArrayComparer.Instance);

    /// <summary>Whether any line had two counts.</summary>
    public bool IsDifferential { get; private set; }

    public int Count => _stacks.Count;

    public void Add(ReadOnlySpan<byte> stack, PerlNumber first, PerlNumber second)
    {
        if (!TryAdd(stack, first, second))
            throw CountLimit.SumTooLarge(stack);
    }

    /// <summary>False when the stack's counts would add up beyond 2^64-1.</summary>
    public bool TryAdd(ReadOnlySpan<byte> stack, PerlNumber first, PerlNumber second)
    {
        var lookup = _stacks.GetAlternateLookup<ReadOnlySpan<byte>>();
        ref var counts = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lookup, stack, out _);
        return PerlNumber.TryAdd(counts.First, first, out counts.First) && PerlNumber.TryAdd(counts.Second, second, out counts.Second);
    }

    /// <summary>Adds a stack that already lives in a byte array (no copy).</summary>
    public void Add(byte[] stack, (PerlNumber First, PerlNumber Second) counts)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_stacks, stack, out _);
        if (!PerlNumber.TryAdd(slot.First, counts.First, out slot.First) || !PerlNumber.TryAdd(slot.Second, counts.Second, out slot.Second))
            throw CountLimit.SumTooLarge(stack);
    }

    public void MarkDifferential(bool differential) => IsDifferential |= differential;

    public IEnumerable<KeyValuePair<byte[], (PerlNumber First, PerlNumber Second)>> Entries => _stacks;

    /// <summary>
    /// Reads folded lines from a stream. Lines without a count are skipped; their number and the
    /// first one are returned so the caller can warn once per input. Empty lines are ignored.
    /// <paramref name="name"/> names the input in errors ("-" is stdin).
    /// </summary>
    public SkippedLines Read(Stream input, string name = InputFiles.StdinName)
    {
        var lines = new LineReader(input);
        var skipped = new SkippedLines();
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty || (line.Length == 1 && line[0] == (byte)'\r'))
                continue;
            if (!FoldedLine.TrySplit(line, out var stack, out var countText))
            {
                skipped.Note(lines.LineNumber);
                continue;
            }
            if (!PerlNumber.TryParse(countText, out var count))
                throw CountLimit.TooLarge(CountLimit.Place(name, lines.LineNumber), countText);
            var first = count;
            // flamegraph.pl's reading of differential input: a second number before the last one.
            if (FoldedLine.TrySplit(stack, out var before, out var firstText))
            {
                IsDifferential = true;
                if (!PerlNumber.TryParse(firstText, out first))
                    throw CountLimit.TooLarge(CountLimit.Place(name, lines.LineNumber), firstText);
                stack = before;
            }
            if (!TryAdd(stack, first, count))
                throw CountLimit.SumTooLarge(stack, CountLimit.Place(name, lines.LineNumber));
        }
        return skipped;
    }

    /// <summary>Every stack with its counts, sorted bytewise by stack.</summary>
    public IEnumerable<(byte[] Stack, PerlNumber First, PerlNumber Second)> Sorted()
    {
        var keys = _stacks.Keys.ToArray();
        Array.Sort(keys, ByteArrayComparer.Instance);
        foreach (var stack in keys)
        {
            var (first, second) = _stacks[stack];
            yield return (stack, first, second);
        }
    }

    /// <summary>Writes `stack count\n` (or `stack first second\n`) sorted bytewise.</summary>
    public void WriteTo(ByteWriter output)
    {
        foreach (var (stack, first, second) in Sorted())
        {
            output.Write(stack);
            output.Write((byte)' ');
            if (IsDifferential)
            {
                CountText.Write(output, first);
                output.Write((byte)' ');
            }
            CountText.Write(output, second);
            output.Write((byte)'\n');
        }
    }
}
