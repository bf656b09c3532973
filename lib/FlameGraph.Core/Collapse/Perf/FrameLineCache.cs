using System.Buffers.Binary;

namespace FlameGraph.Collapse.Perf;

/// <summary>What a frame line means for the stack being built.</summary>
[Flags]
enum FrameLineKind : byte
{
    /// <summary>A frame named by <see cref="CachedFrameLine.NameId"/>.</summary>
    Frame = 0,
    /// <summary>A frame line that adds no frame (a `(process)` symbol, or nothing left after "-&gt;").</summary>
    NoFrame = 1,
    /// <summary>The raw symbol is a --skip-after function: its callers are dropped.</summary>
    CutsStack = 2,
}

readonly record struct CachedFrameLine(int NameId, FrameLineKind Kind);

/// <summary>
/// (symbol without its `+0x..` offset, dso id) to the frame line's meaning. Real profiles repeat
/// a few thousand distinct symbols millions of times, so the Perl clean-up rules run once per
/// distinct symbol and each later frame line costs a cheap hash and one probe. An open-addressing
/// table of its own, because this lookup runs for every frame line of the input.
/// </summary>
sealed class FrameLineCache
{
    /// <summary>
    /// A slot, 16 bytes so four share a cache line: the table is probed for every frame line and
    /// its misses dominate. The key (dso id, then symbol bytes) lives in <see cref="_keys"/>.
    /// </summary>
    struct Slot
    {
        public uint Tag;        // the hash's high half with the low bit set; 0 = empty
        public int KeyStart;
        public int SymbolLength;
        public int Line;        // name id * 4 + kind
    }

    Slot[] _slots = new Slot[4096];
    byte[] _keys = new byte[64 * 1024];
    int _keysUsed;
    int _count;

    public bool TryGet(ReadOnlySpan<byte> symbol, int moduleId, out CachedFrameLine line)
    {
        ulong hash = WordHash.Of(symbol, moduleId);
        uint tag = TagOf(hash);
        int mask = _slots.Length - 1;
        for (int index = (int)hash & mask; ; index = (index + 1) & mask)
        {
            ref var slot = ref _slots[index];
            if (slot.Tag == tag && slot.SymbolLength == symbol.Length && KeyMatches(slot.KeyStart, symbol, moduleId))
            {
                line = new CachedFrameLine(slot.Line >> 2, (FrameLineKind)(slot.Line & 3));
                return true;
            }
            if (slot.Tag == 0)
                break;
        }
        line = default;
        return false;
    }

    bool KeyMatches(int start, ReadOnlySpan<byte> symbol, int moduleId) =>
        BinaryPrimitives.ReadInt32LittleEndian(_keys.AsSpan(start)) == moduleId
        && symbol.SequenceEqual(_keys.AsSpan(start + 4, symbol.Length));

    public void Add(ReadOnlySpan<byte> symbol, int moduleId, CachedFrameLine line)
    {
        if (2 * (_count + 1) > _slots.Length)
            Grow();
        int needed = 4 + symbol.Length;
        if (needed > _keys.Length - _keysUsed)
            Array.Resize(ref _keys, Math.Max(_keys.Length * 2, _keysUsed + needed));
        BinaryPrimitives.WriteInt32LittleEndian(_keys.AsSpan(_keysUsed), moduleId);
        symbol.CopyTo(_keys.AsSpan(_keysUsed + 4));
        Place(WordHash.Of(symbol, moduleId), new Slot
        {
            KeyStart = _keysUsed,
            SymbolLength = symbol.Length,
            Line = line.NameId * 4 + (int)line.Kind,
        });
        _keysUsed += needed;
        _count++;
    }

    static uint TagOf(ulong hash) => (uint)(hash >> 32) | 1;

    void Place(ulong hash, Slot entry)
    {
        entry.Tag = TagOf(hash);
        int mask = _slots.Length - 1;
        int index = (int)hash & mask;
        while (_slots[index].Tag != 0)
            index = (index + 1) & mask;
        _slots[index] = entry;
    }

    void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2]; // at most half full
        foreach (var entry in old)
        {
            if (entry.Tag == 0)
                continue;
            int moduleId = BinaryPrimitives.ReadInt32LittleEndian(_keys.AsSpan(entry.KeyStart));
            Place(WordHash.Of(_keys.AsSpan(entry.KeyStart + 4, entry.SymbolLength), moduleId), entry);
        }
    }
}
