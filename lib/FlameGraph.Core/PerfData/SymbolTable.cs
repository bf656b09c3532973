using System.Buffers;
using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.PerfData;

/// <summary>
/// A dso's symbols, sorted by start, with perf's fixups applied (symbols__fixup_end, then
/// symbols__fixup_duplicate); looked up by binary search. Names are slices of one byte array
/// (the string table or file they were read from), so the table holds no references and costs
/// the collector nothing; a mangled name is demangled the first time it is shown.
/// </summary>
sealed class SymbolTable
{
    public static readonly SymbolTable Empty = new([], [], null);

    /// <summary>
    /// A symbol while a table is built: [Start, End), its binding (ELF STB_*), its name as a slice
    /// of the names array (<paramref name="Shown"/>: already as shown, not to demangle).
    /// </summary>
    public record struct Entry(ulong Start, ulong End, byte Binding, int NameStart, int NameLength, bool Shown = false)
    {
        public readonly ReadOnlySpan<byte> Name(byte[] names) => names.AsSpan(NameStart, NameLength);
    }

    public const byte BindLocal = 0, BindGlobal = 1, BindWeak = 2;

    /// <summary>The list the table was built in, kept as it is: copying it would touch fresh memory for nothing.</summary>
    readonly List<Entry> _list;
    readonly byte[] _names;
    readonly SymbolDemangler? _demangler;
    readonly Dictionary<int, byte[]> _demangled = [];

    public int Count => _list.Count;

    ReadOnlySpan<Entry> Symbols => CollectionsMarshal.AsSpan(_list);

    SymbolTable(List<Entry> sorted, byte[] names, SymbolDemangler? demangler)
    {
        _list = sorted;
        _names = names;
        _demangler = demangler;
    }

    /// <summary>
    /// Builds a table the way perf builds a dso's symbol tree: stable by start (equal starts keep
    /// insertion order), zero-size symbols end where the next one starts (a kallsyms symbol
    /// next to a module one, or the last, ends on the next page), then aliases at one address
    /// reduced to perf's choice. <paramref name="extra"/> (PLT entries) are added after the fixups.
    /// </summary>
    /// <param name="demangler">Names are shown demangled (and aliases chosen by those names), as perf demangles at load time.</param>
    public static SymbolTable Build(List<Entry> symbols, byte[] names, bool kallsyms, List<Entry>? extra = null, SymbolDemangler? demangler = null)
    {
        var kept = Fixup(symbols, names, kallsyms, demangler);
        if (extra is { Count: > 0 })
        {
            kept.AddRange(extra);
            kept = StableSort(kept);
        }
        return new SymbolTable(kept, names, demangler);
    }

    /// <summary>The symbols sorted, ends fixed and aliases reduced, as perf leaves them after loading.</summary>
    public static List<Entry> Fixup(List<Entry> symbols, byte[] names, bool kallsyms, SymbolDemangler? demangler = null)
    {
        var sorted = StableSort(symbols);
        FixupEnd(sorted, names, kallsyms);
        return FixupDuplicates(sorted, names, demangler);
    }

    /// <summary>A table of symbols already sorted and fixed up.</summary>
    public static SymbolTable FromSorted(List<Entry> sorted, byte[] names) => new(sorted, names, null);

    /// <summary>
    /// Sorts the list in place by start, equal starts in insertion order (nothing to do for
    /// kallsyms, which is sorted). The working arrays come from a pool: fresh memory is what
    /// costs most here (a page fault per 4 KiB).
    /// </summary>
    public static List<Entry> StableSort(List<Entry> symbols)
    {
        var entries = CollectionsMarshal.AsSpan(symbols);
        if (IsSorted(entries))
            return symbols;
        int count = entries.Length;
        var starts = ArrayPool<ulong>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        var copy = ArrayPool<Entry>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++)
                starts[i] = entries[i].Start;
            StableKeySort.Sort(starts, order, count);
            entries.CopyTo(copy);
            for (int i = 0; i < count; i++)
                entries[i] = copy[order[i]];
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<Entry>.Shared.Return(copy);
        }
        return symbols;
    }

    static bool IsSorted(ReadOnlySpan<Entry> entries)
    {
        for (int i = 1; i < entries.Length; i++)
        {
            if (entries[i].Start < entries[i - 1].Start)
                return false;
        }
        return true;
    }

    static void FixupEnd(List<Entry> symbols, byte[] names, bool kallsyms)
    {
        if (symbols.Count == 0)
            return;
        for (int i = 1; i < symbols.Count; i++)
        {
            var prev = symbols[i - 1];
            if (prev.End != prev.Start)
                continue;
            var curr = symbols[i];
            if (kallsyms && prev.Name(names).Contains((byte)'[') != curr.Name(names).Contains((byte)'['))
                prev.End = RoundUp(prev.End + 4096, 4096);
            else
                prev.End = curr.Start;
            symbols[i - 1] = prev;
        }
        var last = symbols[^1];
        if (last.End == last.Start)
        {
            last.End = RoundUp(last.Start, 4096) + 4096;
            symbols[^1] = last;
        }
    }

    static ulong RoundUp(ulong value, ulong to) => (value + to - 1) / to * to;

    /// <summary>perf's symbols__fixup_duplicate: of symbols sharing a start, keep choose_best_symbol's pick.</summary>
    static List<Entry> FixupDuplicates(List<Entry> sorted, byte[] names, SymbolDemangler? demangler)
    {
        // compacted in place: the list is this table's own (sorted, or the kallsyms parse)
        var entries = CollectionsMarshal.AsSpan(sorted);
        int kept = 0;
        foreach (var symbol in entries)
        {
            if (kept > 0 && entries[kept - 1].Start == symbol.Start)
            {
                if (!PrefersFirst(entries[kept - 1], symbol, names, demangler))
                    entries[kept - 1] = symbol;
                continue;
            }
            entries[kept++] = symbol;
        }
        CollectionsMarshal.SetCount(sorted, kept);
        return sorted;
    }

    static ReadOnlySpan<byte> Shown(Entry entry, byte[] names, SymbolDemangler? demangler) =>
        demangler is null || entry.Shown ? entry.Name(names) : demangler.Demangle(entry.Name(names)) ?? entry.Name(names);

    /// <summary>
    /// choose_best_symbol: sized, then not weak, then global, then fewer leading '_', then the
    /// longer name (names as shown: perf demangles before it chooses).
    /// </summary>
    static bool PrefersFirst(Entry a, Entry b, byte[] names, SymbolDemangler? demangler)
    {
        ulong sizeA = a.End - a.Start, sizeB = b.End - b.Start;
        if (sizeB == 0 && sizeA > 0)
            return true;
        if (sizeA == 0 && sizeB > 0)
            return false;
        bool weakA = a.Binding == BindWeak, weakB = b.Binding == BindWeak;
        if (weakB && !weakA)
            return true;
        if (weakA && !weakB)
            return false;
        bool globalA = a.Binding == BindGlobal, globalB = b.Binding == BindGlobal;
        if (globalA && !globalB)
            return true;
        if (globalB && !globalA)
            return false;
        var nameA = Shown(a, names, demangler);
        var nameB = Shown(b, names, demangler);
        int underscoresA = LeadingUnderscores(nameA), underscoresB = LeadingUnderscores(nameB);
        if (underscoresB > underscoresA)
            return true;
        if (underscoresA > underscoresB)
            return false;
        return nameA.Length >= nameB.Length;
    }

    static int LeadingUnderscores(ReadOnlySpan<byte> name) => name.IndexOfAnyExcept((byte)'_') is var i and >= 0 ? i : name.Length;

    /// <summary>The symbol holding <paramref name="address"/>: [start, end), or exactly start for a zero-size one.</summary>
    public int Find(ulong address)
    {
        var symbols = Symbols;
        int lo = 0, hi = symbols.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (symbols[mid].Start <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0)
            return -1;
        var symbol = symbols[found];
        return address < symbol.End || address == symbol.Start ? found : -1;
    }

    public ulong StartOf(int symbol) => Symbols[symbol].Start;

    /// <summary>The name perf shows: demangled (on first use) when the table has a demangler.</summary>
    public ReadOnlySpan<byte> NameOf(int symbol)
    {
        var entry = Symbols[symbol];
        var raw = entry.Name(_names);
        if (_demangler is null || entry.Shown || !SymbolDemangler.MayBeMangled(raw))
            return raw;
        if (!_demangled.TryGetValue(symbol, out var shown))
            _demangled[symbol] = shown = _demangler.Demangle(raw) ?? raw.ToArray();
        return shown;
    }

    public override string ToString() => $"{Count} symbols";
}
