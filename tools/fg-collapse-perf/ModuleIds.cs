using FlameGraph.Common;

namespace FlameGraph.CollapsePerf;

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
        if (!_lookup.TryGetValue(module, out int id))
        {
            id = _ids.Count;
            _ids.Add(module.ToArray(), id);
        }
        _last = module.ToArray();
        _lastId = id;
        return id;
    }
}
