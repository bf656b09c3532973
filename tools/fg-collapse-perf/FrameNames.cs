using FlameGraph.Common;

namespace FlameGraph.CollapsePerf;

/// <summary>
/// Distinct frame names (and process names) numbered in order of first sight, so a stack can be
/// counted as a short run of ints and its bytes written only at the end. Shared by the workers
/// (interning happens only for names not seen before by a worker, so the lock is rarely taken),
/// which lets their counts be merged as ids.
/// </summary>
sealed class FrameNames
{
    readonly Dictionary<byte[], int> _ids = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    readonly List<byte[]> _names = [];

    public FrameNames() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Intern(ReadOnlySpan<byte> name)
    {
        lock (_ids)
        {
            if (_lookup.TryGetValue(name, out int id))
                return id;
            id = _names.Count;
            byte[] copy = name.ToArray();
            _names.Add(copy);
            _ids.Add(copy, id);
            return id;
        }
    }

    /// <summary>A name's bytes; read only once no worker interns any more.</summary>
    public ReadOnlySpan<byte> this[int id] => _names[id];
}
