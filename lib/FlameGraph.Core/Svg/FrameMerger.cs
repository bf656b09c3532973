using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Merges stacks, in the order they are given, into frames the way flamegraph.pl's flow() does:
/// a frame stays open while consecutive stacks share it, and closes (end = current time) when
/// a stack diverges from it. Only the open path is kept; a closed frame is stored as numbers,
/// unless it is already too narrow to ever be drawn.
/// </summary>
public sealed class FrameMerger
{
    readonly NameTable _names;
    readonly FrameList _frames;
    readonly Func<double, double> _minWidthAt;

    // The open path: index 0 is the root (the empty name), index i the stack's frame i-1.
    // A name is a slice of the previous stack's bytes (shared frames sit at the same offsets in
    // the next stack), and is interned only when its frame closes wide enough to be kept.
    int[] _openOffsets = new int[64];
    int[] _openLengths = new int[64];
    double[] _openStarts = new double[64];
    double[] _openDeltas = new double[64];
    ulong[] _openExactStarts = new ulong[64];
    int _openCount;

    // The previous stack's bytes, to find the shared prefix with one vectorised compare, and
    // where its separators are, so shared frames are counted without scanning them again.
    byte[] _previous = new byte[4096];
    int _previousLength;
    int[] _separators = new int[64];
    int _separatorCount;

    // Frames closed at the current time: flamegraph.pl keys frames by name, depth and end time,
    // so a frame closing at the same time as an earlier one with the same name and depth (possible
    // only across zero-width stacks) replaces it.
    readonly List<(int NameId, int Depth, int Index)> _closedNow = [];
    double _closedNowTime = double.NaN;

    /// <param name="minWidthAt">
    /// The pruning width (in time units) the graph would have if the total were the given time.
    /// It only grows with the total, so a frame narrower than it when it closes can be dropped early.
    /// </param>
    public FrameMerger(NameTable names, FrameList frames, Func<double, double> minWidthAt)
    {
        _names = names;
        _frames = frames;
        _minWidthAt = minWidthAt;
    }

    /// <summary>Sum of the counts so far: where the next stack starts.</summary>
    public double Time { get; private set; }

    /// <summary><see cref="Time"/> as an exact integer, while <see cref="IsExact"/>.</summary>
    public ulong ExactTime { get; private set; }

    /// <summary>Every count so far was an integer, so <see cref="ExactTime"/> and the frames' samples are exact.</summary>
    public bool IsExact { get; private set; } = true;

    /// <summary>The largest |delta| of a differential line, at least 1.</summary>
    public double MaxDelta { get; private set; } = 1;

    /// <summary>
    /// Adds one stack (frames separated by ';', root first, trailing empty frames already removed)
    /// with its width; <paramref name="delta"/> is NaN unless the line is differential.
    /// <paramref name="sharedPrefix"/>, when not negative, is how many leading bytes this stack's
    /// line shares with the previous one (the caller compared them already); -1 to compare here.
    /// </summary>
    public void Add(ReadOnlySpan<byte> stack, PerlNumber width, double delta, int sharedPrefix = -1)
    {
        NoteDelta(delta);

        bool first = _openCount == 0;
        var previous = _previous.AsSpan(0, _previousLength);
        int common = sharedPrefix >= 0
            ? Math.Min(sharedPrefix, Math.Min(stack.Length, previous.Length))
            : previous.CommonPrefixLength(stack);

        // Frames entirely inside the common prefix are shared: one per separator there.
        int same = CountSeparatorsBefore(common);
        int offset = same == 0 ? 0 : _separators[same - 1] + 1;
        _separatorCount = same;
        // The frame the common prefix ends in is shared only if it ends there in both stacks.
        bool endsInPrevious = common == previous.Length || previous[common] == ';';
        bool endsInThis = common == stack.Length || stack[common] == ';';
        if (!first && endsInPrevious && endsInThis && (same > 0 || (stack.Length > 0 && previous.Length > 0)))
        {
            same++;
            offset = common;
            if (common < stack.Length)
            {
                AddSeparator(common);
                offset = common + 1;
            }
        }

        CloseAbove(first ? 0 : same + 1);

        if (first)
            Open(0, 0, stack.IsEmpty, delta);
        if (offset < stack.Length)
        {
            int position = offset;
            while (true)
            {
                int semicolon = stack[position..].IndexOf((byte)';');
                if (semicolon < 0)
                {
                    Open(position, stack.Length - position, isLeaf: true, delta);
                    break;
                }
                Open(position, semicolon, isLeaf: false, delta);
                position += semicolon + 1;
                AddSeparator(position - 1);
            }
        }

        Remember(stack, common);
        Time += width.AsDouble;
        // The caller checked that the total stays within 64 bits.
        if (width.IsInteger)
            ExactTime += width.AsInteger;
        else
            IsExact = false;
    }

    /// <summary>Counts a line's delta in <see cref="MaxDelta"/> (a line merged into an earlier one of its stack is not added).</summary>
    public void NoteDelta(double delta)
    {
        if (!double.IsNaN(delta) && Math.Abs(delta) > MaxDelta)
            MaxDelta = Math.Abs(delta);
    }

    /// <summary>Closes every frame still open: call once after the last stack.</summary>
    public void Finish() => CloseAbove(0);

    /// <summary>How many of the previous stack's separators lie before <paramref name="position"/>.</summary>
    int CountSeparatorsBefore(int position)
    {
        int index = Array.BinarySearch(_separators, 0, _separatorCount, position);
        return index >= 0 ? index : ~index;
    }

    void AddSeparator(int position)
    {
        if (_separatorCount == _separators.Length)
            Array.Resize(ref _separators, _separatorCount * 2);
        _separators[_separatorCount++] = position;
    }

    void Open(int nameOffset, int nameLength, bool isLeaf, double delta)
    {
        if (_openCount == _openOffsets.Length)
        {
            Array.Resize(ref _openOffsets, _openCount * 2);
            Array.Resize(ref _openLengths, _openCount * 2);
            Array.Resize(ref _openStarts, _openCount * 2);
            Array.Resize(ref _openDeltas, _openCount * 2);
            Array.Resize(ref _openExactStarts, _openCount * 2);
        }
        _openOffsets[_openCount] = nameOffset;
        _openLengths[_openCount] = nameLength;
        _openStarts[_openCount] = Time;
        _openExactStarts[_openCount] = ExactTime;
        // flamegraph.pl gives a differential line's delta to its leaf only; the frames it opens get 0.
        _openDeltas[_openCount] = double.IsNaN(delta) ? double.NaN : isLeaf ? delta : 0;
        _openCount++;
    }

    void CloseAbove(int keep)
    {
        if (_openCount <= keep)
            return;
        // flamegraph.pl keys a frame by its end time printed as a string: the same value read back.
        double end = NumberText.ThroughPerlString(Time);
        double minWidth = _minWidthAt(Time);
        bool sameTime = end == _closedNowTime;
        if (!sameTime)
        {
            _closedNow.Clear();
            _closedNowTime = end;
        }
        for (int i = _openCount - 1; i >= keep; i--)
        {
            double start = _openStarts[i];
            bool wideEnough = end - start >= minWidth;
            // Zero-width stacks are the only way two frames can close at the same time; only then
            // is the name needed for a dropped frame.
            int nameId = wideEnough || sameTime ? _names.Intern(_previous.AsSpan(_openOffsets[i], _openLengths[i])) : -1;
            if (sameTime)
                ForgetEarlierFrame(nameId, i);
            int index = -1;
            if (wideEnough)
            {
                if (_frames.IsFull)
                {
                    _frames.Compact(minWidth);
                    RenumberClosedNow();
                }
                index = _frames.Count;
                _frames.Add(nameId, i, start, end, _openDeltas[i], ExactTime - _openExactStarts[i]);
            }
            if (nameId >= 0)
                _closedNow.Add((nameId, i, index));
        }
        _openCount = keep;
    }

    /// <summary>
    /// After a compaction: the frames closed at the current time keep their place in
    /// <see cref="_closedNow"/>, or a later frame of the same name and depth closing at this
    /// time could not replace them. Compaction keeps the order, and keeps every one of them
    /// (each is at least this very minimum width), and they are the newest frames: the last
    /// ones in the list, in the order they were added.
    /// </summary>
    void RenumberClosedNow()
    {
        int kept = 0;
        foreach (var closed in _closedNow)
            if (closed.Index >= 0)
                kept++;
        int next = _frames.Count - kept;
        for (int k = 0; k < _closedNow.Count; k++)
            if (_closedNow[k].Index >= 0)
                _closedNow[k] = _closedNow[k] with { Index = next++ };
    }

    void ForgetEarlierFrame(int nameId, int depth)
    {
        for (int k = 0; k < _closedNow.Count; k++)
        {
            var (id, d, index) = _closedNow[k];
            if (id != nameId || d != depth)
                continue;
            if (index >= 0)
                _frames.Remove(index);
            _closedNow.RemoveAt(k);
            return;
        }
    }

    /// <summary>Keeps this stack as the previous one; its first <paramref name="common"/> bytes are already there.</summary>
    void Remember(ReadOnlySpan<byte> stack, int common)
    {
        if (stack.Length > _previous.Length)
            Array.Resize(ref _previous, Math.Max(stack.Length, _previous.Length * 2));
        stack[common..].CopyTo(_previous.AsSpan(common));
        _previousLength = stack.Length;
    }
}
