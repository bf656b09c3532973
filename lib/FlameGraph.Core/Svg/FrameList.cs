namespace FlameGraph.Svg;

/// <summary>
/// Closed frames, kept as numbers in parallel arrays (no strings): the name's id, the depth
/// (0 is the root), start and end time, the differential delta (NaN when the frame has none),
/// and its samples as an exact integer (times are doubles, which round above 2^53).
/// </summary>
public sealed class FrameList
{
    int[] _names = new int[1024];
    int[] _depths = new int[1024];
    double[] _starts = new double[1024];
    double[] _ends = new double[1024];
    double[] _deltas = new double[1024];
    ulong[] _samples = new ulong[1024];

    public int Count { get; private set; }

    public int NameId(int i) => _names[i];
    public int Depth(int i) => _depths[i];
    public double Start(int i) => _starts[i];
    public double End(int i) => _ends[i];
    public double Delta(int i) => _deltas[i];

    /// <summary>end - start exactly, when every count was an integer.</summary>
    public ulong Samples(int i) => _samples[i];

    public bool IsFull => Count == _names.Length;

    public void Add(int nameId, int depth, double start, double end, double delta, ulong samples)
    {
        if (IsFull)
            Grow();
        int i = Count++;
        _names[i] = nameId;
        _depths[i] = depth;
        _starts[i] = start;
        _ends[i] = end;
        _deltas[i] = delta;
        _samples[i] = samples;
    }

    /// <summary>Marks a frame as gone: it has no width, so the next pruning removes it.</summary>
    public void Remove(int i) => _starts[i] = double.PositiveInfinity;

    /// <summary>Drops every frame narrower than <paramref name="minWidth"/> (in time units).</summary>
    public void RemoveNarrowerThan(double minWidth)
    {
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            if (_ends[i] - _starts[i] < minWidth)
                continue;
            _names[kept] = _names[i];
            _depths[kept] = _depths[i];
            _starts[kept] = _starts[i];
            _ends[kept] = _ends[i];
            _deltas[kept] = _deltas[i];
            _samples[kept] = _samples[i];
            kept++;
        }
        Count = kept;
    }

    /// <summary>Makes room for more frames: drops those already too narrow, and grows when that frees too little.</summary>
    public void Compact(double minWidth)
    {
        RemoveNarrowerThan(minWidth);
        if (Count > _names.Length / 2)
            Grow();
    }

    public void Clear() => Count = 0;

    void Grow()
    {
        int size = _names.Length * 2;
        Array.Resize(ref _names, size);
        Array.Resize(ref _depths, size);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _ends, size);
        Array.Resize(ref _deltas, size);
        Array.Resize(ref _samples, size);
    }
}
