using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    struct Entry
    {
        public ulong Hash;
        public int ModuleId;
        public CachedFrameLine Line;
        public byte[] Symbol;
    }

    Entry[] _entries = new Entry[1024];
    int[] _slots = new int[2048]; // entry index + 1; 0 = empty
    int _count;

    public bool TryGet(ReadOnlySpan<byte> symbol, int moduleId, out CachedFrameLine line)
    {
        ulong hash = Hash(symbol, moduleId);
        int mask = _slots.Length - 1;
        for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            int index = _slots[slot] - 1;
            if (index < 0)
                break;
            ref var entry = ref _entries[index];
            if (entry.Hash == hash && entry.ModuleId == moduleId && symbol.SequenceEqual(entry.Symbol))
            {
                line = entry.Line;
                return true;
            }
        }
        line = default;
        return false;
    }

    public void Add(ReadOnlySpan<byte> symbol, int moduleId, CachedFrameLine line)
    {
        if (_count == _entries.Length)
            Grow();
        ulong hash = Hash(symbol, moduleId);
        _entries[_count] = new Entry { Hash = hash, ModuleId = moduleId, Line = line, Symbol = symbol.ToArray() };
        _count++;
        Place(hash, _count);
    }

    void Place(ulong hash, int indexPlusOne)
    {
        int mask = _slots.Length - 1;
        int slot = (int)hash & mask;
        while (_slots[slot] != 0)
            slot = (slot + 1) & mask;
        _slots[slot] = indexPlusOne;
    }

    void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _slots = new int[_entries.Length * 2]; // at most half full
        for (int i = 0; i < _count; i++)
            Place(_entries[i].Hash, i + 1);
    }

    /// <summary>A multiply-rotate hash over 8-byte words: symbols are ~100 bytes and hashed once per frame line.</summary>
    static ulong Hash(ReadOnlySpan<byte> symbol, int moduleId)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        ulong hash = ((ulong)symbol.Length << 32 | (uint)moduleId) * Prime;
        ref byte start = ref MemoryMarshal.GetReference(symbol);
        int length = symbol.Length;
        if (length >= 8)
        {
            int i = 0;
            for (; i + 8 <= length; i += 8)
                hash = Mix(hash, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
            if (i < length)
                hash = Mix(hash, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8)));
        }
        else
        {
            ulong tail = 0;
            for (int i = 0; i < length; i++)
                tail = tail << 8 | Unsafe.Add(ref start, i);
            hash = Mix(hash, tail);
        }
        hash ^= hash >> 29;
        hash *= Prime;
        return hash ^ (hash >> 32);

        static ulong Mix(ulong hash, ulong word) => BitOperations.RotateLeft((hash ^ word) * Prime, 31);
    }
}
