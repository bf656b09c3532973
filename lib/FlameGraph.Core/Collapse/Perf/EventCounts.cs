using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Event name -&gt; samples skipped by the event filter, for the one message that names them.
/// Looked up with the name's bytes, so only a name seen for the first time allocates.
/// </summary>
sealed class EventCounts
{
    readonly Dictionary<byte[], long> _counts = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public EventCounts() => _lookup = _counts.GetAlternateLookup<ReadOnlySpan<byte>>();

    public void Add(ReadOnlySpan<byte> eventName, long count)
    {
        ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, eventName, out _);
        slot += count;
    }

    /// <summary>Adds the counts of <paramref name="other"/> (another worker's) into this one.</summary>
    public void MergeFrom(EventCounts other)
    {
        foreach (var (eventName, count) in other._counts)
        {
            ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, eventName, out _);
            slot += count;
        }
    }

    /// <summary>The event names sorted bytewise, so the message is the same whatever the thread count.</summary>
    public KeyValuePair<byte[], long>[] Sorted()
    {
        var entries = _counts.ToArray();
        Array.Sort(entries, (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return entries;
    }
}
