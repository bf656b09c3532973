using System.Runtime.InteropServices;

namespace FlameGraph.CollapsePerf;

/// <summary>
/// Stack (frame ids, leaf first, process name last) -> summed count. A stack's bytes are built
/// only once per distinct stack, when the counts are handed on.
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

    /// <summary>Adds every stack, as its folded bytes `root;...;leaf`, into <paramref name="target"/>.</summary>
    public void CopyTo(StackCounts target, FrameNames names)
    {
        var folded = new FoldedStackBuilder();
        foreach (var (stack, count) in _counts)
        {
            folded.Clear();
            foreach (int id in stack)
                folded.Prepend(names[id]);
            target.Add(folded.Stack, count);
        }
    }
}
