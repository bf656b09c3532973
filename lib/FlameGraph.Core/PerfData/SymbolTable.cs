using System.Text;

namespace FlameGraph.Core.PerfData;

/// <summary>
/// A dso's symbols, sorted by start, with perf's fixups applied (symbols__fixup_end, then
/// symbols__fixup_duplicate); looked up by binary search. Names live in one byte array.
/// </summary>
sealed class SymbolTable
{
    public static readonly SymbolTable Empty = new([]);

    /// <summary>A symbol while a table is built: [Start, End), its binding (ELF STB_*), its name (<paramref name="Shown"/>: already as shown, not to demangle).</summary>
    public record struct Entry(ulong Start, ulong End, byte Binding, byte[] Name, bool Shown = false);

    public const byte BindLocal = 0, BindGlobal = 1, BindWeak = 2;

    readonly ulong[] _starts;
    readonly ulong[] _ends;
    readonly int[] _nameStarts;
    readonly byte[] _names;
    readonly SymbolDemangler? _demangler;
    readonly System.Collections.BitArray? _shown;
    readonly Dictionary<int, byte[]> _demangled = [];

    public int Count => _starts.Length;

    SymbolTable(List<Entry> sorted, SymbolDemangler? demangler = null)
    {
        _demangler = demangler;
        if (demangler is not null)
        {
            _shown = new System.Collections.BitArray(sorted.Count);
            for (int i = 0; i < sorted.Count; i++)
                _shown[i] = sorted[i].Shown;
        }
        _starts = new ulong[sorted.Count];
        _ends = new ulong[sorted.Count];
        _nameStarts = new int[sorted.Count + 1];
        int total = 0;
        foreach (var entry in sorted)
            total += entry.Name.Length;
        _names = new byte[total];
        int at = 0;
        for (int i = 0; i < sorted.Count; i++)
        {
            _starts[i] = sorted[i].Start;
            _ends[i] = sorted[i].End;
            _nameStarts[i] = at;
            sorted[i].Name.CopyTo(_names, at);
            at += sorted[i].Name.Length;
        }
        _nameStarts[sorted.Count] = at;
    }

    /// <summary>
    /// Builds a table the way perf builds a dso's symbol tree: stable by start (equal starts keep
    /// insertion order), zero-size symbols end where the next one starts (a kallsyms symbol
    /// next to a module one, or the last, ends on the next page), then aliases at one address
    /// reduced to perf's choice. <paramref name="extra"/> (PLT entries) are added after the fixups.
    /// </summary>
    /// <param name="demangler">Names are shown demangled (and aliases chosen by those names), as perf demangles at load time.</param>
    public static SymbolTable Build(List<Entry> symbols, bool kallsyms, List<Entry>? extra = null, SymbolDemangler? demangler = null)
    {
        var kept = Fixup(symbols, kallsyms, demangler);
        if (extra is { Count: > 0 })
        {
            kept.AddRange(extra);
            kept = StableSort(kept);
        }
        return new SymbolTable(kept, demangler);
    }

    /// <summary>The symbols sorted, ends fixed and aliases reduced, as perf leaves them after loading.</summary>
    public static List<Entry> Fixup(List<Entry> symbols, bool kallsyms, SymbolDemangler? demangler = null)
    {
        var sorted = StableSort(symbols);
        FixupEnd(sorted, kallsyms);
        return FixupDuplicates(sorted, demangler);
    }

    /// <summary>A table of symbols already sorted and fixed up.</summary>
    public static SymbolTable FromSorted(List<Entry> sorted) => new(sorted);

    static List<Entry> StableSort(List<Entry> symbols) =>
        symbols.Select((entry, index) => (entry, index)).OrderBy(p => p.entry.Start).ThenBy(p => p.index).Select(p => p.entry).ToList();

    static void FixupEnd(List<Entry> symbols, bool kallsyms)
    {
        if (symbols.Count == 0)
            return;
        for (int i = 1; i < symbols.Count; i++)
        {
            var prev = symbols[i - 1];
            if (prev.End != prev.Start)
                continue;
            var curr = symbols[i];
            if (kallsyms && prev.Name.AsSpan().Contains((byte)'[') != curr.Name.AsSpan().Contains((byte)'['))
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
    static List<Entry> FixupDuplicates(List<Entry> sorted, SymbolDemangler? demangler)
    {
        var kept = new List<Entry>(sorted.Count);
        foreach (var symbol in sorted)
        {
            if (kept.Count > 0 && kept[^1].Start == symbol.Start)
            {
                if (!PrefersFirst(Shown(kept[^1], demangler), Shown(symbol, demangler)))
                    kept[^1] = symbol;
                continue;
            }
            kept.Add(symbol);
        }
        return kept;
    }

    static Entry Shown(Entry entry, SymbolDemangler? demangler) =>
        demangler is null || entry.Shown ? entry : entry with { Name = demangler.Demangle(entry.Name) ?? entry.Name };

    /// <summary>choose_best_symbol: sized, then not weak, then global, then fewer leading '_', then longer name.</summary>
    static bool PrefersFirst(Entry a, Entry b)
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
        int underscoresA = a.Name.AsSpan().IndexOfAnyExcept((byte)'_'), underscoresB = b.Name.AsSpan().IndexOfAnyExcept((byte)'_');
        if (underscoresA < 0)
            underscoresA = a.Name.Length;
        if (underscoresB < 0)
            underscoresB = b.Name.Length;
        if (underscoresB > underscoresA)
            return true;
        if (underscoresA > underscoresB)
            return false;
        return a.Name.Length >= b.Name.Length;
    }

    /// <summary>The symbol holding <paramref name="address"/>: [start, end), or exactly start for a zero-size one.</summary>
    public int Find(ulong address)
    {
        int lo = 0, hi = _starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_starts[mid] <= address)
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
        if (address < _ends[found] || address == _starts[found])
            return found;
        return -1;
    }

    public ulong StartOf(int symbol) => _starts[symbol];

    /// <summary>The name perf shows: demangled (on first use) when the table has a demangler.</summary>
    public ReadOnlySpan<byte> NameOf(int symbol)
    {
        var raw = _names.AsSpan(_nameStarts[symbol], _nameStarts[symbol + 1] - _nameStarts[symbol]);
        if (_demangler is null || _shown![symbol] || !SymbolDemangler.MayBeMangled(raw))
            return raw;
        if (!_demangled.TryGetValue(symbol, out var shown))
            _demangled[symbol] = shown = _demangler.Demangle(raw.ToArray()) ?? raw.ToArray();
        return shown;
    }

    public override string ToString() => $"{Count} symbols";

    internal string DebugName(int symbol) => Encoding.UTF8.GetString(NameOf(symbol));
}
