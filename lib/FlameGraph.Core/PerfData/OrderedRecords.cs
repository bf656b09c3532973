using FlameGraph.Internals;

namespace FlameGraph.PerfData;

/// <summary>
/// perf's ordered events: records with a timestamp wait here and are handed out sorted by time
/// (records of equal time in arrival order). At each FINISHED_ROUND, the records up to the
/// highest timestamp of the round before are flushed; the end flushes everything. Their bytes
/// are copied into one arena, so memory is bounded by what two rounds hold, not by the file.
/// </summary>
sealed class OrderedRecords
{
    struct Entry
    {
        public ulong Time;
        public int Start;
        public int Length;
        public long Offset;
    }


    byte[] _arena = new byte[1 << 20];
    byte[] _spare = new byte[1 << 20];
    int _used;
    Entry[] _entries = new Entry[4096];
    int _count;
    ulong _maxTime;
    ulong _nextFlush;

    public int Count => _count;

    /// <summary>Receives records in time order.</summary>
    public interface ISink
    {
        void Deliver(RawRecord record);
    }

    public void Add(RawRecord record, ulong time)
    {
        var bytes = record.Bytes;
        if (_used + bytes.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + bytes.Length));
            _spare = new byte[_arena.Length];
        }
        bytes.CopyTo(_arena.AsSpan(_used));
        if (_count == _entries.Length)
            Array.Resize(ref _entries, _count * 2);
        _entries[_count++] = new Entry { Time = time, Start = _used, Length = bytes.Length, Offset = record.Offset };
        _used += bytes.Length;
        if (time > _maxTime)
            _maxTime = time;
    }

    /// <summary>FINISHED_ROUND: flush up to the previous round's highest time, then remember this round's.</summary>
    public void FinishRound(ISink sink)
    {
        Flush(_nextFlush, sink);
        _nextFlush = _maxTime;
    }

    /// <summary>Delivers every waiting record (the end of the data, or damage).</summary>
    public void FlushAll(ISink sink) => Flush(ulong.MaxValue, sink);

    void Flush(ulong limit, ISink sink)
    {
        if (_count == 0)
            return;
        SortByTime();
        int delivered = 0;
        while (delivered < _count && _entries[delivered].Time <= limit)
        {
            var entry = _entries[delivered];
            sink.Deliver(new RawRecord(_arena.AsSpan(entry.Start, entry.Length), entry.Offset));
            delivered++;
        }
        if (delivered == 0)
            return;
        // keep the rest: their bytes move to the front of the spare arena, which becomes the arena
        int used = 0;
        for (int i = delivered; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            _arena.AsSpan(entry.Start, entry.Length).CopyTo(_spare.AsSpan(used));
            entry.Start = used;
            used += entry.Length;
            _entries[i - delivered] = entry;
        }
        _count -= delivered;
        (_arena, _spare) = (_spare, _arena);
        _used = used;
    }

    ulong[] _times = [];
    int[] _order = [];
    Entry[] _sorted = [];

    /// <summary>
    /// By time, equal times in arrival order, which is index order: the records a flush keeps
    /// stay sorted at the front and are older than any added after it.
    /// </summary>
    void SortByTime()
    {
        if (_times.Length < _count)
        {
            _times = new ulong[_entries.Length];
            _order = new int[_entries.Length];
            _sorted = new Entry[_entries.Length];
        }
        for (int i = 0; i < _count; i++)
            _times[i] = _entries[i].Time;
        StableKeySort.Sort(_times, _order, _count);
        for (int i = 0; i < _count; i++)
            _sorted[i] = _entries[_order[i]];
        Array.Copy(_sorted, _entries, _count);
    }
}
