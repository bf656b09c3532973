using System.Runtime.InteropServices;
using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Stack (frame ids, leaf first, process name last) -> summed count. A stack's bytes are
/// written only at the end, once per distinct stack.
/// </summary>
sealed class IdStackCounts
{
    readonly Dictionary<int[], long> _counts = new(IntSequenceComparer.Instance);
    readonly Dictionary<int[], long>.AlternateLookup<ReadOnlySpan<int>> _lookup;

    public IdStackCounts() => _lookup = _counts.GetAlternateLookup<ReadOnlySpan<int>>();

    public void Add(ReadOnlySpan<int> stack, long count)
    {
        ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, stack, out _);
        slot += count;
    }

    /// <summary>Adds every stack of <paramref name="other"/> (same <see cref="FrameNames"/>) into this one.</summary>
    public void MergeFrom(IdStackCounts other)
    {
        foreach (var (stack, count) in other._counts)
        {
            ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, stack, out _);
            slot += count;
        }
    }

    /// <summary>
    /// Writes `root;...;leaf count` lines sorted bytewise; stacks that spell the same bytes are
    /// one line. The counts are done with afterwards: their keys are reversed in place.
    /// </summary>
    public void WriteSorted(ByteWriter output, FrameNames names)
    {
        var stacks = new int[_counts.Count][];
        var counts = new long[_counts.Count];
        int n = 0;
        foreach (var (stack, count) in _counts)
        {
            Array.Reverse(stack);
            stacks[n] = stack;
            counts[n++] = count;
        }
        var order = new FoldedStackOrder(names);
        Array.Sort(stacks, counts, order);
        for (int i = 0; i < n; i++)
        {
            long count = counts[i];
            while (i + 1 < n && order.Compare(stacks[i], stacks[i + 1]) == 0)
                count += counts[++i];
            var stack = stacks[i];
            for (int f = 0; f < stack.Length - 1; f++)
                output.Write(names.WithJoin(stack[f]));
            output.Write(names[stack[^1]]);
            output.Write((byte)' ');
            output.Write(count);
            output.Write((byte)'\n');
        }
    }
}
