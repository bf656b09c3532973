using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// Reads a perf.data: the header (file mode `PERFILE2` with attrs and feature sections, or pipe
/// mode's short header), then its records in input order. Records perf writes about the
/// recording itself (HEADER_ATTR, HEADER_FEATURE, HEADER_BUILD_ID, HEADER_EVENT_TYPE, EVENT_UPDATE)
/// are applied here; COMPRESSED records are opened and their records handed out one by one;
/// the rest go to the caller. Memory: one read buffer and one decompression buffer.
/// </summary>
public sealed class PerfDataReader : IDisposable
{
    const int FileHeaderSize = 104;
    const int PipeHeaderSize = 16;

    readonly Stream _stream;
    readonly RecordStream _records;
    readonly CompressedRecords _compressed = new();
    long _compressedOffset;
    readonly HashSet<ulong> _unknownFeatures = [];
    (long End, ulong Missing)? _truncated;

    public List<EventAttr> Attrs { get; } = [];
    public Dictionary<ulong, EventAttr> AttrsById { get; } = [];
    public List<BuildIdEntry> BuildIds { get; } = [];
    public string? CommandLine { get; private set; }
    public bool PipeMode { get; }

    /// <summary>Things skipped that a user may want to know (unknown features), each said once.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>True when the first 8 bytes are perf.data's magic (either byte order).</summary>
    public static bool IsPerfData(ReadOnlySpan<byte> start) =>
        start.Length >= 8 && ReadUInt64LittleEndian(start) is PerfFormat.Magic or PerfFormat.MagicSwapped;

    /// <param name="stream">Positioned at the magic. File mode needs a seekable stream.</param>
    public PerfDataReader(Stream stream)
    {
        _stream = stream;
        Span<byte> header = stackalloc byte[FileHeaderSize];
        int got = ReadAtLeast(header[..PipeHeaderSize]);
        if (got < PipeHeaderSize)
            throw new PerfDataException(0, $"truncated: {got} bytes, less than a perf.data header");
        ulong magic = ReadUInt64LittleEndian(header);
        if (magic == PerfFormat.MagicSwapped)
            throw new PerfDataException(0, "written by a big-endian machine: not supported");
        if (magic != PerfFormat.Magic)
            throw new PerfDataException(0, "bad header: no PERFILE2 magic");
        ulong size = ReadUInt64LittleEndian(header[8..]);
        if (size == PipeHeaderSize)
        {
            PipeMode = true;
            _records = new RecordStream(stream, PipeHeaderSize, long.MaxValue);
            return;
        }
        if (size < 72 || size > 4096)
            throw new PerfDataException(8, $"bad header: header size {size}");
        if (!stream.CanSeek)
            throw new PerfDataException(0, "a perf.data in file mode needs a seekable input (use `perf record -o -` for a pipe)");
        got += ReadAtLeast(header[PipeHeaderSize..]);
        if (got < FileHeaderSize)
            throw new PerfDataException(got, "truncated: file ends inside the header");
        long fileLength = stream.Length;
        ulong attrSize = ReadUInt64LittleEndian(header[16..]);
        var (attrsOffset, attrsSize) = Section(header, 24, fileLength, "attrs");
        long dataOffset = (long)Math.Min(ReadUInt64LittleEndian(header[40..]), (ulong)fileLength);
        ulong declaredData = ReadUInt64LittleEndian(header[48..]);
        // a file cut short keeps the records it still holds; the end of the data is then damage
        long dataSize = (long)Math.Min(declaredData, (ulong)(fileLength - dataOffset));
        if ((ulong)dataSize < declaredData)
            _truncated = (dataOffset + dataSize, declaredData - (ulong)dataSize);
        if (attrSize <= 16 || attrSize > 4096)
            throw new PerfDataException(16, $"bad header: attr size {attrSize}");
        ReadAttrs(attrsOffset, attrsSize, (int)attrSize, fileLength);
        ReadFeatures(header.Slice(72, 32), dataOffset + dataSize, fileLength);
        stream.Position = dataOffset;
        _records = new RecordStream(stream, dataOffset, dataOffset + dataSize, _truncated is not null);
    }

    int ReadAtLeast(Span<byte> buffer) => _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

    static (long Offset, long Size) Section(ReadOnlySpan<byte> header, int at, long fileLength, string name)
    {
        ulong offset = ReadUInt64LittleEndian(header[at..]);
        ulong size = ReadUInt64LittleEndian(header[(at + 8)..]);
        if (offset > (ulong)fileLength || size > (ulong)fileLength - offset)
            throw new PerfDataException(at, $"truncated: the {name} section ({size} bytes at byte {offset}) runs past the end of the file ({fileLength} bytes)");
        return ((long)offset, (long)size);
    }

    byte[] ReadAt(long offset, long size)
    {
        var bytes = new byte[size];
        _stream.Position = offset;
        _stream.ReadExactly(bytes);
        return bytes;
    }

    void ReadAttrs(long offset, long size, int attrSize, long fileLength)
    {
        var attrs = ReadAt(offset, size);
        for (int at = 0; at + attrSize <= attrs.Length; at += attrSize)
        {
            var entry = attrs.AsSpan(at, attrSize);
            var attr = EventAttr.Parse(entry[..(attrSize - 16)], Attrs.Count);
            var (idsOffset, idsSize) = Section(entry, attrSize - 16, fileLength, "event ids");
            var ids = ReadAt(idsOffset, idsSize);
            for (int i = 0; i + 8 <= ids.Length; i += 8)
                AddId(attr, ReadUInt64LittleEndian(ids.AsSpan(i)));
            Attrs.Add(attr);
        }
        if (Attrs.Count == 0)
            throw new PerfDataException(24, "bad header: no events");
    }

    void AddId(EventAttr attr, ulong id)
    {
        attr.Ids.Add(id);
        AttrsById[id] = attr;
    }

    /// <summary>Feature sections follow the data, one section entry per bit set, in bit order.</summary>
    void ReadFeatures(ReadOnlySpan<byte> bitmap, long tableOffset, long fileLength)
    {
        int index = 0;
        for (int feature = 0; feature < PerfFormat.FeatLast; feature++)
        {
            if ((ReadUInt64LittleEndian(bitmap[(feature / 64 * 8)..]) >> (feature % 64) & 1) == 0)
                continue;
            long entry = tableOffset + index++ * 16L;
            if (feature is not (PerfFormat.FeatBuildId or PerfFormat.FeatCmdline or PerfFormat.FeatEventDesc))
                continue;
            if (entry + 16 > fileLength)
                return; // cut off with the end of the file: the data says so
            var table = ReadAt(entry, 16);
            ulong offset = ReadUInt64LittleEndian(table), size = ReadUInt64LittleEndian(table.AsSpan(8));
            if (offset > (ulong)fileLength || size > (ulong)fileLength - offset)
                continue;
            ApplyFeature((ulong)feature, ReadAt((long)offset, (long)size));
        }
    }

    void ApplyFeature(ulong feature, ReadOnlySpan<byte> data)
    {
        switch (feature)
        {
            case PerfFormat.FeatBuildId:
                HeaderFeatures.ParseBuildIds(data, BuildIds);
                break;
            case PerfFormat.FeatCmdline:
                CommandLine = HeaderFeatures.ParseCmdline(data);
                break;
            case PerfFormat.FeatEventDesc:
                HeaderFeatures.ApplyEventDesc(data, Attrs, AttrsById);
                break;
        }
    }

    /// <summary>The next record for the caller, in input order; false at the end of the data.</summary>
    /// <exception cref="PerfDataException">Damage, with the offset where it starts.</exception>
    public bool Next(out RawRecord record)
    {
        while (true)
        {
            if (_compressed.HasPending && _compressed.Next(_compressedOffset, out record))
                return true;
            if (!_records.Next(out record))
            {
                if (_compressed.HasPending)
                    throw new PerfDataException(_compressedOffset, "COMPRESSED data ends inside a record");
                if (_truncated is var (end, missing))
                    throw new PerfDataException(end, $"truncated: the file ends {missing} bytes before the end of its data section");
                return false;
            }
            if (!Consume(record))
                return true;
        }
    }

    /// <summary>Applies a record perf wrote about the recording; false for records the caller handles.</summary>
    bool Consume(RawRecord record)
    {
        var body = record.Body;
        switch (record.Type)
        {
            case PerfFormat.Compressed:
                _compressed.Feed(body, record.Offset);
                _compressedOffset = record.Offset;
                return true;
            case PerfFormat.HeaderAttr:
                ReadHeaderAttr(body, record.Offset);
                return true;
            case PerfFormat.HeaderFeature:
                if (body.Length >= 8)
                {
                    ulong feature = ReadUInt64LittleEndian(body);
                    if (feature is PerfFormat.FeatBuildId or PerfFormat.FeatCmdline or PerfFormat.FeatEventDesc)
                        ApplyFeature(feature, body[8..]);
                    else if (feature >= 32 && body.Length > 8 && _unknownFeatures.Add(feature))
                        Notes.Add($"skipped header feature {feature}, unknown to this reader");
                }
                return true;
            case PerfFormat.HeaderBuildId:
                if (HeaderFeatures.ParseBuildId(record.Bytes) is { } entry)
                    BuildIds.Add(entry);
                return true;
            case PerfFormat.HeaderEventType:
                // { u64 event_id; char name[64] }: names the event whose config is event_id
                if (body.Length >= 8)
                {
                    ulong config = ReadUInt64LittleEndian(body);
                    foreach (var attr in Attrs)
                        if (attr.Config == config && attr.Name is null)
                            attr.Name = HeaderFeatures.CString(body[8..]);
                }
                return true;
            case PerfFormat.EventUpdate:
                // { u64 type; u64 id; ... }: type 2 carries the event's name
                if (body.Length >= 16 && ReadUInt64LittleEndian(body) == 2 && AttrsById.TryGetValue(ReadUInt64LittleEndian(body[8..]), out var named))
                    named.Name = HeaderFeatures.CString(body[16..]);
                return true;
            case PerfFormat.HeaderTracingData:
                if (body.Length >= 4)
                    _records.SkipPayload(ReadUInt32LittleEndian(body), "tracing data");
                return true;
            case PerfFormat.Auxtrace:
                if (body.Length >= 8)
                    _records.SkipPayload(ReadUInt64LittleEndian(body), "AUXTRACE data");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Pipe mode's HEADER_ATTR: the attr (its own size field says how long), then its ids.</summary>
    void ReadHeaderAttr(ReadOnlySpan<byte> body, long offset)
    {
        int size = EventAttr.DeclaredSize(body);
        if (size < 8 || size > body.Length)
            throw new PerfDataException(offset, $"HEADER_ATTR record with an attr size of {size} in {body.Length} bytes");
        var attr = EventAttr.Parse(body[..size], Attrs.Count);
        for (int at = size; at + 8 <= body.Length; at += 8)
            AddId(attr, ReadUInt64LittleEndian(body[at..]));
        bool firstOfType = !Attrs.Exists(a => a.Type == attr.Type);
        if (firstOfType && (!attr.Has(PerfFormat.SampleTime) || !attr.Has(PerfFormat.SampleCpu)))
        {
            _ = attr.DisplayName;
            attr.NameFixed = true;
        }
        Attrs.Add(attr);
    }

    /// <summary>The event a record belongs to: by its id when there are several events (perf's evlist__event2evsel).</summary>
    public EventAttr? AttrOf(RawRecord record)
    {
        if (Attrs.Count == 0)
            return null;
        var first = Attrs[0];
        if (Attrs.Count == 1)
            return first;
        bool sample = record.Type == PerfFormat.Sample;
        if (!first.SampleIdAll && !sample)
            return first;
        var body = record.Body;
        ulong id;
        if (sample)
        {
            int position = first.IdPosition;
            if (position < 0)
                return first;
            if ((position + 1) * 8 > body.Length)
                return null;
            id = ReadUInt64LittleEndian(body[(position * 8)..]);
        }
        else
        {
            int position = first.TrailerIdPosition;
            if (position < 0)
                return first;
            if (position * 8 > body.Length)
                return null;
            id = ReadUInt64LittleEndian(body[(body.Length - position * 8)..]);
        }
        if (id == 0)
            return first; // synthesized records carry id 0
        return AttrsById.GetValueOrDefault(id);
    }

    public void Dispose() => _compressed.Dispose();
}
