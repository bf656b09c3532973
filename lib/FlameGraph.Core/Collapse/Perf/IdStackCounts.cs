using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Stack (frame ids, leaf first, process name last) -&gt; summed count. A stack's bytes are
/// written only at the end, once per distinct stack. A sum that goes beyond 2^64-1 is noted
/// (the first such stack) and is an error, naming the stack, when the counts are written.
/// </summary>
sealed class IdStackCounts
{
    readonly Dictionary<int[], ulong> _counts = new(IntSequenceComparer.Instance);
    readonly Dictionary<int[], ulong>.AlternateLookup<ReadOnlySpan<int>> _lookup;
    int[]? _overflowed; // leaf first, as the keys

    public IdStackCounts() => _lookup = _counts.GetAlternateLookup<ReadOnlySpan<int>>();

    public void Add(ReadOnlySpan<int> stack, ulong count)
    {
        ref ulong slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, stack, out _);
        slot += count;
        if (slot < count) // wrapped
            _overflowed ??= stack.ToArray();
    }

    /// <summary>Adds every stack of <paramref name="other"/> (same <see cref="FrameNames"/>) into this one.</summary>
    public void MergeFrom(IdStackCounts other)
    {
        _overflowed ??= other._overflowed;
        foreach (var (stack, count) in other._counts)
        {
            ref ulong slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, stack, out _);
            slot += count;
            if (slot < count)
                _overflowed ??= stack;
        }
    }

    /// <summary>
    /// Writes `root;...;leaf count` lines sorted bytewise; stacks that spell the same bytes are
    /// one line. The counts are done with afterwards: their keys are reversed in place.
    /// </summary>
    public void WriteSorted(ByteWriter output, FrameNames names)
    {
        if (_overflowed is not null)
            throw CountLimit.SumTooLarge(Spelled([.. Enumerable.Reverse(_overflowed)], names));
        var stacks = new int[_counts.Count][];
        var counts = new ulong[_counts.Count];
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
            ulong count = counts[i];
            bool wrapped = false;
            while (i + 1 < n && order.Compare(stacks[i], stacks[i + 1]) == 0)
            {
                count += counts[++i];
                wrapped |= count < counts[i];
            }
            var stack = stacks[i];
            if (wrapped)
                throw CountLimit.SumTooLarge(Spelled(stack, names));
            for (int f = 0; f < stack.Length - 1; f++)
                output.Write(names.WithJoin(stack[f]));
            output.Write(names[stack[^1]]);
            output.Write((byte)' ');
            CountText.Write(output, count);
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
