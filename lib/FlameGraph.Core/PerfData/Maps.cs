namespace FlameGraph.PerfData;

/// <summary>One mapping of a dso into an address space: [Start, End), file offset Pgoff.</summary>
sealed class MapEntry(ulong start, ulong end, ulong pgoff, Dso dso, bool identity)
{
    public ulong Start { get; set; } = start;
    public ulong End { get; set; } = end;
    public ulong Pgoff { get; set; } = pgoff;
    public Dso Dso { get; } = dso;

    /// <summary>Anonymous and JIT maps: addresses are their own offsets (perf's identity__map_ip).</summary>
    public bool Identity { get; } = identity;

    /// <summary>The address within the dso (perf's map__map_ip): what symbols are looked up by.</summary>
    public ulong MapIp(ulong ip) => Identity ? ip : ip - Start + Pgoff;

    public MapEntry Copy() => new(Start, End, Pgoff, Dso, Identity);
}

/// <summary>
/// A process's address space: maps sorted by start, never overlapping. A new map cuts away
/// what it overlaps of older ones (perf's maps__fixup_overlappings), keeping their pieces
/// before and after it.
/// </summary>
sealed class ProcessMaps
{
    readonly List<MapEntry> _maps = [];

    public void Insert(MapEntry map)
    {
        int first = FirstEndingAfter(map.Start);
        var pieces = new List<MapEntry>(2);
        int last = first;
        while (last < _maps.Count && _maps[last].Start < map.End)
        {
            var old = _maps[last];
            if (old.Start < map.Start)
                pieces.Add(new MapEntry(old.Start, map.Start, old.Pgoff, old.Dso, old.Identity));
            if (old.End > map.End)
                pieces.Add(new MapEntry(map.End, old.End, old.Pgoff + (map.End - old.Start), old.Dso, old.Identity));
            last++;
        }
        _maps.RemoveRange(first, last - first);
        pieces.Add(map);
        pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
        _maps.InsertRange(first, pieces);
    }

    /// <summary>Index of the first map whose end is above <paramref name="address"/>.</summary>
    int FirstEndingAfter(ulong address)
    {
        int lo = 0, hi = _maps.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_maps[mid].End <= address)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public MapEntry? Find(ulong address)
    {
        int index = FirstEndingAfter(address);
        return index < _maps.Count && _maps[index].Start <= address ? _maps[index] : null;
    }

    /// <summary>Adds copies of another process's maps (a fork's address space).</summary>
    public void CopyFrom(ProcessMaps other)
    {
        foreach (var map in other._maps)
            Insert(map.Copy());
    }
}
