using System.Runtime.InteropServices;
using FlameGraph.Common;

namespace FlameGraph.CollapsePerf;

/// <summary>
/// Stack (frame ids, leaf first, process name last) -> summed count. A stack's bytes are
/// written only at the end, once per distinct stack. Sums are 128-bit, so no sum of 64-bit
/// periods can wrap; one beyond 2^64-1 is an error when the stack is written, by name.
/// </summary>
sealed class IdStackCounts
{
    readonly Dictionary<int[], UInt128> _counts = new(IntSequenceComparer.Instance);
    readonly Dictionary<int[], UInt128>.AlternateLookup<ReadOnlySpan<int>> _lookup;

    public IdStackCounts() => _lookup = _counts.GetAlternateLookup<ReadOnlySpan<int>>();

    public void Add(ReadOnlySpan<int> stack, ulong count)
    {
        ref UInt128 slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, stack, out _);
        slot += count;
    }

    /// <summary>Adds every stack of <paramref name="other"/> (same <see cref="FrameNames"/>) into this one.</summary>
    public void MergeFrom(IdStackCounts other)
    {
        foreach (var (stack, count) in other._counts)
        {
            ref UInt128 slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, stack, out _);
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
        var counts = new UInt128[_counts.Count];
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
            UInt128 count = counts[i];
            while (i + 1 < n && order.Compare(stacks[i], stacks[i + 1]) == 0)
                count += counts[++i];
            var stack = stacks[i];
            if (count > CountLimit.Max)
                throw CountLimit.SumTooLarge(Spelled(stack, names));
            for (int f = 0; f < stack.Length - 1; f++)
                output.Write(names.WithJoin(stack[f]));
            output.Write(names[stack[^1]]);
            output.Write((byte)' ');
            CountText.Write(output, (ulong)count);
            output.Write((byte)'\n');
        }
    }

    /// <summary>A stack (root first) as its folded line spells it, for an error.</summary>
    static byte[] Spelled(int[] stack, FrameNames names)
    {
        var bytes = new List<byte>();
        for (int f = 0; f < stack.Length - 1; f++)
            bytes.AddRange(names.WithJoin(stack[f]));
        bytes.AddRange(names[stack[^1]]);
        return [.. bytes];
    }
}
