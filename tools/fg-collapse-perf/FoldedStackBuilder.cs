namespace FlameGraph.CollapsePerf;

/// <summary>
/// Builds one folded stack (`root;...;leaf`) while perf prints frames leaf first: each frame is
/// written in front of the previous ones, right-aligned in one reusable buffer, so the finished
/// stack is a single contiguous span ready for the dictionary lookup.
/// </summary>
sealed class FoldedStackBuilder
{
    byte[] _bytes = new byte[16 * 1024];
    int _start;

    public FoldedStackBuilder() => _start = _bytes.Length;

    /// <summary>How many elements the stack holds (an element may be empty, as in Perl's join).</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<byte> Stack => _bytes.AsSpan(_start);

    /// <summary>Puts an element before the others, joined with ';'.</summary>
    public void Prepend(ReadOnlySpan<byte> element)
    {
        int needed = element.Length + (Count > 0 ? 1 : 0);
        if (needed > _start)
            Grow(needed);
        if (Count > 0)
            _bytes[--_start] = (byte)';';
        _start -= element.Length;
        element.CopyTo(_bytes.AsSpan(_start));
        Count++;
    }

    public void Clear()
    {
        _start = _bytes.Length;
        Count = 0;
    }

    void Grow(int needed)
    {
        int used = _bytes.Length - _start;
        var bigger = new byte[Math.Max(_bytes.Length * 2, used + needed + 1024)];
        _bytes.AsSpan(_start).CopyTo(bigger.AsSpan(bigger.Length - used));
        _bytes = bigger;
        _start = bigger.Length - used;
    }
}
