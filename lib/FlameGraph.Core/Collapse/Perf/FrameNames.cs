using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

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
    /// <summary>Each name followed by ';', so a frame and its join are written in one copy.</summary>
    readonly List<byte[]> _joined = [];

    public FrameNames() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Intern(ReadOnlySpan<byte> name)
    {
        lock (_ids)
        {
            if (_lookup.TryGetValue(name, out int id))
                return id;
            id = _joined.Count;
            _joined.Add([.. name, (byte)';']);
            _ids.Add(name.ToArray(), id);
            return id;
        }
    }

    public int Count => _joined.Count;

    /// <summary>A name's bytes; read only once no worker interns any more.</summary>
    public ReadOnlySpan<byte> this[int id] => _joined[id].AsSpan(0, _joined[id].Length - 1);

    /// <summary>A name's bytes and the ';' that joins it to the next frame.</summary>
    public ReadOnlySpan<byte> WithJoin(int id) => _joined[id];
}
