using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// The distinct stacks of input that needs sorting, each with the sum of its lines' counts, so
/// memory follows the number of distinct stacks, not the size of the input. flamegraph.pl sorts
/// whole lines and merges them in that order; one entry per stack draws the same frames when
/// <see cref="IsExact"/>:
/// - an entry sorts where its first line (in that order: the smallest rest of the line, separators
///   and counts) sorts, and carries that line's delta, the one flamegraph.pl gives the frame the
///   line opens (the stack's other lines open no frame);
/// - no other line sorts between two lines of a stack: that takes another stack continuing this
///   one with a byte up to ' ' (`a 1`, `a 12x 5`, `a 3`), and lines of the stack that differ;
/// - the sums are the ones adding the lines one at a time gives: whole counts, added exactly.
/// Otherwise the caller sorts the lines themselves.
/// </summary>
public sealed class StackTable
{

    struct Entry
    {
        public byte[] FirstRest;
        public PerlNumber Width;
        public double Delta;
        public bool Mixed;
    }

    readonly Dictionary<byte[], int> _ids = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    readonly List<Entry> _entries = [];
    bool _merged, _mixed, _fractional;

    public StackTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The largest |delta| of all the lines, differential or not (NaN deltas are not counted).</summary>
    public double MaxDelta { get; private set; } = double.NaN;

    /// <summary>
    /// Adds a line whose first <paramref name="stackLength"/> bytes are the stack (the rest: separator
    /// and counts); <paramref name="delta"/> is NaN unless the line is differential.
    /// </summary>
    public void Add(ReadOnlySpan<byte> line, int stackLength, PerlNumber width, double delta)
    {
        var stack = line[..stackLength];
        var rest = line[stackLength..];
        if (!double.IsNaN(delta) && !(Math.Abs(delta) <= MaxDelta))
            MaxDelta = Math.Abs(delta);
        if (!width.IsInteger)
            _fractional = true;

        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, stack, out bool exists);
        if (!exists)
        {
            id = _entries.Count;
            _entries.Add(new Entry { FirstRest = rest.ToArray(), Width = width, Delta = delta });
            return;
        }
        _merged = true;
        ref var entry = ref CollectionsMarshal.AsSpan(_entries)[id];
        // Within the total, which the caller keeps below 2^64: whole sums cannot overflow.
        PerlNumber.TryAdd(entry.Width, width, out entry.Width);
        int order = rest.SequenceCompareTo(entry.FirstRest);
        if (order == 0)
            return;
        entry.Mixed = _mixed = true;
        if (order < 0)
        {
            entry.FirstRest = rest.ToArray();
            entry.Delta = delta;
        }
    }

    /// <summary>Whether merging by stack draws exactly what merging the sorted lines draws (see the class).</summary>
    public bool IsExact => !_merged || (!_fractional && !(_mixed && SomeStackSplitsAnother()));

    /// <summary>A stack that continues another one with a byte a line's rest could start with, one of the two with lines that differ.</summary>
    bool SomeStackSplitsAnother()
    {
        var entries = CollectionsMarshal.AsSpan(_entries);
        foreach (var (stack, id) in _ids)
        {
            for (int p = 0; p < stack.Length; p++)
            {
                if (stack[p] <= (byte)' ' && _lookup.TryGetValue(stack.AsSpan(0, p), out int other)
                    && (entries[id].Mixed || entries[other].Mixed))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Each distinct stack with its summed width and its first line's delta, in flamegraph.pl's order.</summary>
    public IEnumerable<(byte[] Stack, PerlNumber Width, double Delta)> Sorted()
    {
        var stacks = new (byte[] Stack, int Id)[_ids.Count];
        int n = 0;
        foreach (var (stack, id) in _ids)
            stacks[n++] = (stack, id);
        Array.Sort(stacks, (a, b) => CompareLines(a.Stack, _entries[a.Id].FirstRest, b.Stack, _entries[b.Id].FirstRest));
        foreach (var (stack, id) in stacks)
            yield return (stack, _entries[id].Width, _entries[id].Delta);
    }

    /// <summary>Bytewise order of the lines a1+a2 and b1+b2, without building them.</summary>
    static int CompareLines(ReadOnlySpan<byte> a1, ReadOnlySpan<byte> a2, ReadOnlySpan<byte> b1, ReadOnlySpan<byte> b2)
    {
        while (true)
        {
            if (a1.IsEmpty)
            {
                a1 = a2;
                a2 = default;
            }
            if (b1.IsEmpty)
            {
                b1 = b2;
                b2 = default;
            }
            if (a1.IsEmpty || b1.IsEmpty)
                return a1.Length.CompareTo(b1.Length); // the one that ended first sorts first
            int n = Math.Min(a1.Length, b1.Length);
            int order = a1[..n].SequenceCompareTo(b1[..n]);
            if (order != 0)
                return order;
            a1 = a1[n..];
            b1 = b1[n..];
        }
    }
}
