using System.Runtime.InteropServices;
using FlameGraph.Common;

namespace FlameGraph.CollapsePerf;

/// <summary>
/// Folded stack -> summed count. Looked up with the stack's bytes, so only a stack seen for the
/// first time allocates.
/// </summary>
sealed class StackCounts
{
    readonly Dictionary<byte[], long> _counts = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public StackCounts() => _lookup = _counts.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _counts.Count;

    public void Add(ReadOnlySpan<byte> stack, long count)
    {
        ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, stack, out _);
        slot += count;
    }

    /// <summary>Adds every stack of <paramref name="other"/> into this one.</summary>
    public void MergeFrom(StackCounts other)
    {
        foreach (var (stack, count) in other._counts)
        {
            ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, stack, out _);
            slot += count;
        }
    }

    /// <summary>The stacks sorted bytewise, as Perl's `sort { $a cmp $b }` orders them.</summary>
    public KeyValuePair<byte[], long>[] Sorted()
    {
        var entries = _counts.ToArray();
        Array.Sort(entries, (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return entries;
    }
}
