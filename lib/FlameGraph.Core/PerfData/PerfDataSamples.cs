using System.Diagnostics;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// The samples of a perf.data in the order perf script shows them: records are read, put in
/// time order, applied to the machine state (maps, comms, threads), and each sample perf script
/// would print is handed to a sink with what perf script decided about printing it. Damage
/// ends the reading after the samples before it; <see cref="Failure"/> then says where and what.
/// </summary>
sealed class PerfDataSamples : OrderedRecords.ISink, IDisposable
{
    /// <summary>Receives each sample perf script would print, in its order.</summary>
    public interface ISink
    {
        /// <param name="attr">The sample's event.</param>
        /// <param name="thread">Its thread, with comm and maps as they were at the sample's time.</param>
        /// <param name="sample">The sample.</param>
        /// <param name="cpumode">Kernel, user, ... (guest samples are not shown).</param>
        /// <param name="layout">The printing choices perf script makes once per recording.</param>
        void Sample(EventAttr attr, PerfThread thread, in SampleRecord sample, int cpumode, in SampleLayout layout);
    }

    readonly PerfDataReader _reader;
    readonly OrderedRecords _queue = new();
    readonly ISink _sink;
    int _buildIdsSeen;
    readonly SortedDictionary<uint, long> _unknownTypes = [];

    // Printing choices perf script makes once per recording.
    bool _layoutKnown;
    bool _useCallchain;
    readonly Dictionary<uint, EventAttr> _firstOfType = [];
    int _nameWidth;

    /// <param name="input">The recording, seekable (file mode) or a stream in pipe mode.</param>
    /// <param name="demangler">How symbol names are demangled, as perf shows them; null shows them as stored.</param>
    /// <param name="sink">Made for the machine state, receives the samples.</param>
    public PerfDataSamples(Stream input, SymbolDemangler? demangler, Func<Machine, ISink> sink)
    {
        _reader = new PerfDataReader(input);
        Machine = new Machine(_reader.BuildIds, demangler);
        _buildIdsSeen = _reader.BuildIds.Count;
        _sink = sink(Machine);
    }

    /// <summary>The threads, maps and dsos as the records left them.</summary>
    public Machine Machine { get; }

    /// <summary>The damage that ended the reading, or null.</summary>
    public PerfDataException? Failure { get; private set; }

    /// <summary>Samples read (all events), for summaries.</summary>
    public long Samples { get; private set; }

    /// <summary>Things worth one line each on stderr once the samples are read: skipped features and record types.</summary>
    public IEnumerable<string> Warnings()
    {
        foreach (string note in _reader.Notes)
            yield return note;
        if (_reader.Attrs.Exists(a => a.Has(PerfFormat.SampleStackUser)))
            yield return "recorded with user stack dumps (--call-graph dwarf): they are not unwound here, so user frames are missing; fold `perf script` output for those stacks";
        foreach (var (type, count) in _unknownTypes)
            yield return $"skipped {count} record{(count == 1 ? "" : "s")} of unknown type {type}";
    }

    /// <summary>Reads every record, handing the samples to the sink; damage ends it (see <see cref="Failure"/>).</summary>
    public void Run()
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            while (_reader.Next(out var record))
                Accept(record);
        }
        catch (PerfDataException e)
        {
            Failure = e;
        }
        _queue.FlushAll(this);
        _totalTicks = Stopwatch.GetTimestamp() - start;
    }

    long _totalTicks, _sinkTicks;

    /// <summary>Time the sink's share too (two clock reads per sample): for <see cref="Timings"/>.</summary>
    public bool MeasureTime { get; init; }

    /// <summary>Where the time of <see cref="Run"/> went, in one line.</summary>
    public string Timings()
    {
        long symbols = 0, ahead = 0;
        foreach (var dso in Machine.Dsos)
        {
            symbols += dso.WaitTicks;
            if (dso.LoadedAhead)
                ahead += dso.LoadTicks;
        }
        static string Ms(long ticks) => $"{Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds:0} ms";
        return $"{Samples} samples in {Ms(_totalTicks)}: reading records {Ms(_totalTicks - _sinkTicks)}, "
            + $"symbol tables {Ms(symbols)} (and {Ms(ahead)} read ahead on a second thread), resolving and folding {Ms(_sinkTicks - symbols)}";
    }

    void Accept(RawRecord record)
    {
        uint type = record.Type;
        if (type == PerfFormat.FinishedRound)
        {
            _queue.FinishRound(this);
            return;
        }
        if (type > PerfFormat.FinishedInit || (type > PerfFormat.AuxOutputHwId && type < PerfFormat.UserTypeStart))
        {
            // written by a newer perf or kernel: skipped, as perf skips them, and said once per type
            _unknownTypes[type] = _unknownTypes.GetValueOrDefault(type) + 1;
            return;
        }
        if (type >= PerfFormat.UserTypeStart)
            return; // ID_INDEX, THREAD_MAP, CPU_MAP, TIME_CONV...: nothing perf script prints depends on them
        if (_reader.BuildIds.Count > _buildIdsSeen)
        {
            Machine.AddBuildIds(_reader.BuildIds.Skip(_buildIdsSeen));
            _buildIdsSeen = _reader.BuildIds.Count;
        }
        var attr = _reader.AttrOf(record);
        ulong time = ulong.MaxValue;
        if (type == PerfFormat.Sample)
        {
            if (attr is null)
                return; // an id no event has: perf skips it too
            // parsed here too, so a damaged sample stops the reading where it lies
            var sample = SampleRecord.Parse(attr, record.Body, record.Offset);
            if (attr.Has(PerfFormat.SampleTime))
                time = sample.Time;
        }
        else if (attr is not null && attr.SampleIdAll && attr.Has(PerfFormat.SampleTime))
        {
            int trailer = attr.TrailerSize;
            var body = record.Body;
            if (trailer <= body.Length)
            {
                int at = body.Length - trailer + (attr.Has(PerfFormat.SampleTid) ? 8 : 0);
                time = ReadUInt64LittleEndian(body[at..]);
            }
        }
        if (time is 0 or ulong.MaxValue)
            Deliver(record);
        else
            _queue.Add(record, time);
    }

    /// <summary>A record in time order: machine state, or a sample to print.</summary>
    public void Deliver(RawRecord record)
    {
        switch (record.Type)
        {
            case PerfFormat.Sample:
                HandSample(record);
                break;
            case PerfFormat.Mmap:
                Machine.Mmap(record, mmap2: false);
                break;
            case PerfFormat.Mmap2:
                Machine.Mmap(record, mmap2: true);
                break;
            case PerfFormat.Comm:
                Machine.Comm(record);
                break;
            case PerfFormat.Fork:
                Machine.Fork(record);
                break;
        }
    }

    void HandSample(RawRecord record)
    {
        var attr = _reader.AttrOf(record);
        if (attr is null)
            return;
        var sample = SampleRecord.Parse(attr, record.Body, record.Offset);
        Samples++;
        int cpumode = record.Misc & PerfFormat.CpuModeMask;
        if (cpumode is PerfFormat.CpuModeGuestKernel or PerfFormat.CpuModeGuestUser)
            return; // perf script filters guest samples out unless told --guest
        if (!_layoutKnown)
            DecideLayout();
        var thread = Machine.FindOrAdd(sample.Pid, sample.Tid);
        var layout = new SampleLayout(_firstOfType.GetValueOrDefault(attr.Type, attr), _useCallchain, _nameWidth);
        if (!MeasureTime)
        {
            _sink.Sample(attr, thread, sample, cpumode, layout);
            return;
        }
        long start = Stopwatch.GetTimestamp();
        _sink.Sample(attr, thread, sample, cpumode, layout);
        _sinkTicks += Stopwatch.GetTimestamp() - start;
    }

    /// <summary>
    /// perf script's per-recording choices: whether call chains are shown, the width of event
    /// names, and per event type the fields printed, which the first event of that type decides
    /// (a field its sample_type lacks is dropped for the whole type).
    /// </summary>
    void DecideLayout()
    {
        _layoutKnown = true;
        foreach (var attr in _reader.Attrs)
        {
            _useCallchain |= attr.Has(PerfFormat.SampleCallchain);
            _firstOfType.TryAdd(attr.Type, attr);
            _nameWidth = Math.Max(_nameWidth, attr.DisplayName.Length);
        }
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>
/// perf script's printing choices for one sample: <paramref name="Fields"/> is the first event
/// of its type (the cpu and time fields are printed when it records them),
/// <paramref name="UseCallchain"/> whether some event has call chains, <paramref name="NameWidth"/>
/// the longest event name (names are right-aligned to it).
/// </summary>
readonly record struct SampleLayout(EventAttr Fields, bool UseCallchain, int NameWidth);
