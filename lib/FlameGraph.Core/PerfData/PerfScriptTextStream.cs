using static System.Buffers.Binary.BinaryPrimitives;

using FlameGraph.Internals;

namespace FlameGraph.PerfData;

/// <summary>
/// A perf.data read as the text `perf script -F +pid` prints for it, as a stream: records are
/// read, put in time order, applied to the machine state, and each sample is written as perf
/// writes it, a block at a time as the reader asks. Damage ends the text after the samples
/// before it; <see cref="Failure"/> then says where and what.
/// </summary>
public sealed class PerfScriptTextStream : ReadOnlyStream, OrderedRecords.ISink
{
    const int TargetBlock = 256 << 10;

    readonly PerfDataReader _reader;
    readonly OrderedRecords _queue = new();
    readonly Machine _machine;
    readonly PerfScriptWriter _writer;
    int _textPos;
    bool _finished;
    int _buildIdsSeen;
    readonly SortedDictionary<uint, long> _unknownTypes = [];

    // Printing choices perf script makes once per recording.
    bool _layoutKnown;
    bool _useCallchain;
    readonly Dictionary<uint, EventAttr> _firstOfType = [];
    int _nameWidth;

    /// <param name="demangler">How symbol names are demangled, as perf shows them; null shows them as stored.</param>
    public PerfScriptTextStream(Stream input, SymbolDemangler? demangler = null)
    {
        _reader = new PerfDataReader(input);
        _machine = new Machine(_reader.BuildIds, demangler);
        _buildIdsSeen = _reader.BuildIds.Count;
        _writer = new PerfScriptWriter(_machine);
    }

    /// <summary>The damage that ended the reading, or null.</summary>
    public PerfDataException? Failure { get; private set; }

    /// <summary>Samples read (all events), for summaries.</summary>
    public long Samples { get; private set; }

    /// <summary>Things worth one line each on stderr once the text is read: skipped features, dsos without symbols.</summary>
    public IEnumerable<string> Warnings()
    {
        foreach (string note in _reader.Notes)
            yield return note;
        if (_reader.Attrs.Exists(a => a.Has(PerfFormat.SampleStackUser)))
            yield return "recorded with user stack dumps (--call-graph dwarf): they are not unwound here, so user frames are missing; fold `perf script` output for those stacks";
        foreach (var (type, count) in _unknownTypes)
            yield return $"skipped {count} record{(count == 1 ? "" : "s")} of unknown type {type}";
        if (_writer.SamplesWithoutSymbols > 0)
        {
            var names = _machine.Dsos.Where(d => d.NoSymbols && d.Kind is DsoKind.File or DsoKind.Kernel or DsoKind.Vdso or DsoKind.PerfMap)
                .Select(d => d.Path).Order(StringComparer.Ordinal).ToList();
            string listed = string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
            string noun = _writer.SamplesWithoutSymbols == 1 ? "sample has" : "samples have";
            yield return $"{_writer.SamplesWithoutSymbols} {noun} frames in objects without symbols (shown as [unknown]): {listed}";
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_textPos == _writer.Text.Length)
        {
            if (_finished)
                return 0;
            _writer.Clear();
            _textPos = 0;
            Pump();
        }
        var text = _writer.Text[_textPos..];
        int n = Math.Min(text.Length, buffer.Length);
        text[..n].CopyTo(buffer);
        _textPos += n;
        return n;
    }

    /// <summary>Reads records until a block of text is ready or the data ends.</summary>
    void Pump()
    {
        try
        {
            while (_writer.Text.Length < TargetBlock)
            {
                if (!_reader.Next(out var record))
                {
                    _queue.FlushAll(this);
                    _finished = true;
                    return;
                }
                Accept(record);
            }
        }
        catch (PerfDataException e)
        {
            Failure = e;
            _finished = true;
            _queue.FlushAll(this);
        }
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
            _machine.AddBuildIds(_reader.BuildIds.Skip(_buildIdsSeen));
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
                WriteSample(record);
                break;
            case PerfFormat.Mmap:
                _machine.Mmap(record, mmap2: false);
                break;
            case PerfFormat.Mmap2:
                _machine.Mmap(record, mmap2: true);
                break;
            case PerfFormat.Comm:
                _machine.Comm(record);
                break;
            case PerfFormat.Fork:
                _machine.Fork(record);
                break;
        }
    }

    void WriteSample(RawRecord record)
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
        var thread = _machine.FindOrAdd(sample.Pid, sample.Tid);
        var fields = _firstOfType.GetValueOrDefault(attr.Type, attr);
        _writer.WriteSample(attr, thread, sample, cpumode, fields, _useCallchain, _nameWidth);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _reader.Dispose();
        base.Dispose(disposing);
    }
}
