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
    int _openCount;

    // The previous stack's bytes, to find the shared prefix with one vectorised compare.
    byte[] _previous = new byte[4096];
    int _previousLength;
    int _previousFrames;

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

    /// <summary>The largest |delta| of a differential line, at least 1.</summary>
    public double MaxDelta { get; private set; } = 1;

    /// <summary>
    /// Adds one stack (frames separated by ';', root first, trailing empty frames already removed)
    /// with its width; <paramref name="delta"/> is NaN unless the line is differential.
    /// </summary>
    public void Add(ReadOnlySpan<byte> stack, double width, double delta)
    {
        if (!double.IsNaN(delta) && Math.Abs(delta) > MaxDelta)
            MaxDelta = Math.Abs(delta);

        int frameCount = stack.IsEmpty ? 0 : stack.Count((byte)';') + 1;
        int same;       // leading frames shared with the previous stack
        int offset;     // where the first unshared frame starts in `stack`
        if (_openCount == 0)
        {
            same = 0;
            offset = 0;
        }
        else
        {
            (same, offset) = SharedFrames(stack, frameCount);
        }

        int keepOpen = _openCount == 0 ? 0 : same + 1;
        CloseAbove(keepOpen);

        int leaf = frameCount; // path index of this line's last frame
        if (_openCount == 0)
            Open(0, 0, leaf == 0, delta);
        int position = offset;
        for (int i = same; i < frameCount; i++)
        {
            int semicolon = stack[position..].IndexOf((byte)';');
            int length = semicolon < 0 ? stack.Length - position : semicolon;
            Open(position, length, i + 1 == leaf, delta);
            position += length + 1;
        }

        Remember(stack, frameCount);
        Time += width;
    }

    /// <summary>Closes every frame still open: call once after the last stack.</summary>
    public void Finish() => CloseAbove(0);

    (int Same, int Offset) SharedFrames(ReadOnlySpan<byte> stack, int frameCount)
    {
        var previous = _previous.AsSpan(0, _previousLength);
        int common = previous.CommonPrefixLength(stack);
        var prefix = stack[..common];
        int same = prefix.Count((byte)';');
        int offset = same == 0 ? 0 : prefix.LastIndexOf((byte)';') + 1;
        // The frame the common prefix ends in is shared only if it ends there in both stacks.
        bool endsInPrevious = common == previous.Length || previous[common] == ';';
        bool endsInThis = common == stack.Length || stack[common] == ';';
        if (endsInPrevious && endsInThis && same < frameCount && same < _previousFrames)
        {
            same++;
            offset = Math.Min(common + 1, stack.Length);
        }
        return (same, offset);
    }

    void Open(int nameOffset, int nameLength, bool isLeaf, double delta)
    {
        if (_openCount == _openOffsets.Length)
        {
            Array.Resize(ref _openOffsets, _openCount * 2);
            Array.Resize(ref _openLengths, _openCount * 2);
            Array.Resize(ref _openStarts, _openCount * 2);
            Array.Resize(ref _openDeltas, _openCount * 2);
        }
        _openOffsets[_openCount] = nameOffset;
        _openLengths[_openCount] = nameLength;
        _openStarts[_openCount] = Time;
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
                    _closedNow.Clear(); // indexes moved; frames closing now are never compacted away twice
                }
                index = _frames.Count;
                _frames.Add(nameId, i, start, end, _openDeltas[i]);
            }
            if (nameId >= 0)
                _closedNow.Add((nameId, i, index));
        }
        _openCount = keep;
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

    void Remember(ReadOnlySpan<byte> stack, int frameCount)
    {
        if (stack.Length > _previous.Length)
            _previous = new byte[Math.Max(stack.Length, _previous.Length * 2)];
        stack.CopyTo(_previous);
        _previousLength = stack.Length;
        _previousFrames = frameCount;
    }
}
