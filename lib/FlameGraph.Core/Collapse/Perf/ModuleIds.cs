using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>Dso names numbered; frames come in runs from one dso, so the last answer is kept.</summary>
sealed class ModuleIds
{
    readonly Dictionary<byte[], int> _ids = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    byte[] _last = [];
    int _lastId = -1;

    public ModuleIds() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Get(ReadOnlySpan<byte> module)
    {
        if (_lastId >= 0 && module.SequenceEqual(_last))
            return _lastId;
        // the stored key is kept as the last one: no allocation when the dso changes
        if (!_lookup.TryGetValue(module, out byte[]? stored, out int id))
        {
            id = _ids.Count;
            stored = module.ToArray();
            _ids.Add(stored, id);
        }
        _last = stored;
        _lastId = id;
        return id;
    }
}
