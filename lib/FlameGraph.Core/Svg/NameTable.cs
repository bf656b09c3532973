using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Every distinct frame name once: its bytes in one growing arena and a small id to refer to
/// it, so frames are stored as numbers and a name is hashed only when a frame opens.
/// </summary>
public sealed class NameTable
{
    readonly Dictionary<byte[], int> _ids = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    readonly List<byte[]> _names = [];

    public NameTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _names.Count;

    public int Intern(ReadOnlySpan<byte> name)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, name, out bool exists);
        if (!exists)
        {
            id = _names.Count;
            _names.Add(name.ToArray());
        }
        return id;
    }

    public byte[] this[int id] => _names[id];
}
