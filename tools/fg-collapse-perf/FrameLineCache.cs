namespace FlameGraph.CollapsePerf;

/// <summary>What a frame line means for the stack being built.</summary>
[Flags]
enum FrameLineKind : byte
{
    /// <summary>A frame named by <see cref="CachedFrameLine.NameId"/>.</summary>
    Frame = 0,
    /// <summary>A frame line that adds no frame (a `(process)` symbol, or nothing left after "->").</summary>
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
    /// <summary>A slot; the key's symbol bytes live in <see cref="_symbols"/>, so a hit reads two places, not four.</summary>
    struct Slot
    {
        public ulong Hash;          // 0 = empty (a real hash of 0 is stored as 1)
        public int ModuleId;
        public int SymbolStart;
        public int SymbolLength;
        public CachedFrameLine Line;
    }

    Slot[] _slots = new Slot[4096];
    byte[] _symbols = new byte[64 * 1024];
    int _symbolsUsed;
    int _count;

    public bool TryGet(ReadOnlySpan<byte> symbol, int moduleId, out CachedFrameLine line)
    {
        ulong hash = WordHash.Of(symbol, moduleId);
        int mask = _slots.Length - 1;
        for (int index = (int)hash & mask; ; index = (index + 1) & mask)
        {
            ref var slot = ref _slots[index];
            if (slot.Hash == hash && slot.ModuleId == moduleId
                && symbol.SequenceEqual(_symbols.AsSpan(slot.SymbolStart, slot.SymbolLength)))
            {
                line = slot.Line;
                return true;
            }
            if (slot.Hash == 0)
                break;
        }
        line = default;
        return false;
    }

    public void Add(ReadOnlySpan<byte> symbol, int moduleId, CachedFrameLine line)
    {
        if (2 * (_count + 1) > _slots.Length)
            Grow();
        if (symbol.Length > _symbols.Length - _symbolsUsed)
            Array.Resize(ref _symbols, Math.Max(_symbols.Length * 2, _symbolsUsed + symbol.Length));
        symbol.CopyTo(_symbols.AsSpan(_symbolsUsed));
        Place(new Slot
        {
            Hash = WordHash.Of(symbol, moduleId),
            ModuleId = moduleId,
            SymbolStart = _symbolsUsed,
            SymbolLength = symbol.Length,
            Line = line,
        });
        _symbolsUsed += symbol.Length;
        _count++;
    }

    void Place(in Slot entry)
    {
        int mask = _slots.Length - 1;
        int index = (int)entry.Hash & mask;
        while (_slots[index].Hash != 0)
            index = (index + 1) & mask;
        _slots[index] = entry;
    }

    void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2]; // at most half full
        foreach (var entry in old)
            if (entry.Hash != 0)
                Place(entry);
    }
}
