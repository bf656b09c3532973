namespace FlameGraph.Svg;

/// <summary>
/// Lines kept in memory for sorting: their bytes in large blocks (never copied again once
/// stored, never split across blocks) and a small reference per line.
/// </summary>
public sealed class LineArena
{
    const int BlockSize = 16 << 20;

    readonly List<byte[]> _blocks = [];
    readonly List<LineRef> _lines = [];
    int _used = BlockSize;

    public readonly record struct LineRef(int Block, int Offset, int Length);

    public int Count => _lines.Count;

    /// <summary>Room for a line of up to <paramref name="maxLength"/> bytes; call <see cref="Commit"/> with what was written.</summary>
    public Span<byte> Reserve(int maxLength)
    {
        if (BlockSize - _used < maxLength)
        {
            _blocks.Add(new byte[Math.Max(BlockSize, maxLength)]);
            _used = 0;
        }
        return _blocks[^1].AsSpan(_used, maxLength);
    }

    public void Commit(int length)
    {
        _lines.Add(new LineRef(_blocks.Count - 1, _used, length));
        _used += length;
    }

    public ReadOnlySpan<byte> this[LineRef line] => _blocks[line.Block].AsSpan(line.Offset, line.Length);

    /// <summary>The lines in bytewise order (Perl's sort), or as added.</summary>
    public LineRef[] Lines(bool sorted)
    {
        var lines = _lines.ToArray();
        if (sorted)
            Array.Sort(lines, (a, b) => this[a].SequenceCompareTo(this[b]));
        return lines;
    }
}
