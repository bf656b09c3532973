using System.Buffers.Binary;
using System.Text;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// Writes small perf.data files by hand, in file mode (header, attrs with ids, data, feature
/// sections) or pipe mode (header, then HEADER_ATTR/HEADER_FEATURE/HEADER_BUILD_ID records
/// inline), with the record layouts of linux's perf_event.h. Non-sample records carry a
/// sample_id_all trailer (pid, tid, time, and the id when samples carry ids).
/// </summary>
sealed class PerfDataBuilder
{
    public const ulong Ip = 1, Tid = 2, Time = 4, Callchain = 32, Id = 64, Cpu = 128, Period = 256;
    public const ulong DefaultSampleType = Ip | Tid | Time | Callchain | Period;
    public const ulong SampleIdAll = 1UL << 18;
    public const ulong ContextKernel = unchecked((ulong)-128), ContextUser = unchecked((ulong)-512);
    public const ushort MiscKernel = 1, MiscUser = 2;

    public sealed record Attr(uint Type, ulong Config, ulong SampleType, ulong[] Ids, string Name, ulong Flags = SampleIdAll);

    public List<Attr> Attrs { get; } = [];
    public List<byte[]> Records { get; } = [];
    public List<(string File, byte[] BuildId, bool Kernel)> BuildIds { get; } = [];

    /// <summary>Adds the COMPRESSED feature perf needs to read COMPRESSED records (zstd).</summary>
    public bool Compressed { get; set; }

    /// <summary>COMPRESSED feature: version, type (1: zstd), level, ratio, mmap_len.</summary>
    static byte[] CompressedFeature()
    {
        var w = new Writer();
        w.U32(1); w.U32(1); w.U32(1); w.U32(1); w.U32(1 << 20);
        return w.ToArray();
    }

    /// <summary>The software cpu-clock event perf records by default here, named as perf names it.</summary>
    public PerfDataBuilder() => Attrs.Add(new Attr(1, 0, DefaultSampleType, [], "cpu-clock:ppp"));

    Attr First => Attrs[0];

    public PerfDataBuilder Comm(int pid, int tid, string comm, ulong time, bool exec = false) =>
        Add(3, exec ? (ushort)(1 << 13) : (ushort)0, Body(w => { w.U32(pid); w.U32(tid); w.Str(comm); }), pid, tid, time);

    public PerfDataBuilder Fork(int pid, int ppid, int tid, int ptid, ulong time) =>
        Add(7, 0, Body(w => { w.U32(pid); w.U32(ppid); w.U32(tid); w.U32(ptid); w.U64(time); }), pid, tid, time);

    public PerfDataBuilder Exit(int pid, int ppid, int tid, int ptid, ulong time) =>
        Add(4, 0, Body(w => { w.U32(pid); w.U32(ppid); w.U32(tid); w.U32(ptid); w.U64(time); }), pid, tid, time);

    public PerfDataBuilder Mmap(int pid, int tid, ulong start, ulong length, ulong pgoff, string file, ulong time, ushort misc = MiscUser) =>
        Add(1, misc, Body(w => { w.U32(pid); w.U32(tid); w.U64(start); w.U64(length); w.U64(pgoff); w.Str(file); }), pid, tid, time);

    public PerfDataBuilder Mmap2(int pid, int tid, ulong start, ulong length, ulong pgoff, string file, ulong time) =>
        Add(10, MiscUser, Body(w =>
        {
            w.U32(pid); w.U32(tid); w.U64(start); w.U64(length); w.U64(pgoff);
            w.U32(0); w.U32(0); w.U64(0); w.U64(0); // maj, min, ino, ino_generation
            w.U32(5); w.U32(2);                     // prot (read, exec), flags (private)
            w.Str(file);
        }), pid, tid, time);

    public PerfDataBuilder Lost(ulong lost, ulong time) => Add(2, 0, Body(w => { w.U64(0); w.U64(lost); }), 0, 0, time);

    /// <summary>A SAMPLE of the given event (index in <see cref="Attrs"/>), fields as its sample_type says.</summary>
    public PerfDataBuilder Sample(int pid, int tid, ulong time, ulong period, ulong[] callchain, int attr = 0, ushort misc = MiscUser, uint cpu = 0)
    {
        var a = Attrs[attr];
        var w = new Writer();
        if ((a.SampleType & Ip) != 0)
            w.U64(callchain.FirstOrDefault(ip => ip < ContextKernel - 4000));
        if ((a.SampleType & Tid) != 0) { w.U32(pid); w.U32(tid); }
        if ((a.SampleType & Time) != 0)
            w.U64(time);
        if ((a.SampleType & Id) != 0)
            w.U64(a.Ids.Length > 0 ? a.Ids[0] : 0);
        if ((a.SampleType & Cpu) != 0) { w.U32((int)cpu); w.U32(0); }
        if ((a.SampleType & Period) != 0)
            w.U64(period);
        if ((a.SampleType & Callchain) != 0)
        {
            w.U64((ulong)callchain.Length);
            foreach (ulong ip in callchain)
                w.U64(ip);
        }
        Records.Add(Record(9, misc, w.ToArray()));
        return this;
    }

    public PerfDataBuilder FinishedRound() => Raw(68, []);

    /// <summary>A record of any type with the given body (no trailer).</summary>
    public PerfDataBuilder Raw(uint type, byte[] body, ushort misc = 0)
    {
        Records.Add(Record(type, misc, body));
        return this;
    }

    PerfDataBuilder Add(uint type, ushort misc, byte[] body, int pid, int tid, ulong time)
    {
        var w = new Writer();
        w.Bytes(body);
        if ((First.Flags & SampleIdAll) != 0)
        {
            if ((First.SampleType & Tid) != 0) { w.U32(pid); w.U32(tid); }
            if ((First.SampleType & Time) != 0)
                w.U64(time);
            if ((First.SampleType & Id) != 0)
                w.U64(First.Ids.Length > 0 ? First.Ids[0] : 0);
            if ((First.SampleType & Cpu) != 0) { w.U32(0); w.U32(0); }
        }
        Records.Add(Record(type, misc, w.ToArray()));
        return this;
    }

    static byte[] Body(Action<Writer> write)
    {
        var w = new Writer();
        write(w);
        return w.ToArray();
    }

    public static byte[] Record(uint type, ushort misc, byte[] body)
    {
        var w = new Writer();
        w.U32((int)type);
        w.U16(misc);
        w.U16(8 + body.Length);
        w.Bytes(body);
        return w.ToArray();
    }

    static byte[] AttrBytes(Attr a)
    {
        var w = new Writer();
        w.U32((int)a.Type); w.U32(128);
        w.U64(a.Config); w.U64(4000); w.U64(a.SampleType); w.U64(0); w.U64(a.Flags | (1UL << 10)); // freq
        while (w.Length < 128)
            w.U64(0);
        return w.ToArray();
    }

    /// <summary>EVENT_DESC: nr, attr size, then per event its attr, id count, name and ids.</summary>
    byte[] EventDesc()
    {
        var w = new Writer();
        w.U32(Attrs.Count); w.U32(128);
        foreach (var a in Attrs)
        {
            w.Bytes(AttrBytes(a));
            w.U32(a.Ids.Length);
            w.HeaderString(a.Name);
            foreach (ulong id in a.Ids)
                w.U64(id);
        }
        return w.ToArray();
    }

    byte[] BuildIdRecord((string File, byte[] BuildId, bool Kernel) entry)
    {
        var w = new Writer();
        w.U32(entry.Kernel ? -1 : 0);
        var id = new byte[24];
        entry.BuildId.CopyTo(id, 0);
        id[20] = (byte)entry.BuildId.Length;
        w.Bytes(id);
        w.Str(entry.File);
        return Record(67, (ushort)((entry.Kernel ? MiscKernel : MiscUser) | (1 << 15)), w.ToArray());
    }

    /// <summary>A file-mode perf.data: header, attrs, ids, data, then the EVENT_DESC and BUILD_ID features.</summary>
    public byte[] FileMode()
    {
        const int headerSize = 104, fileAttrSize = 128 + 16;
        var w = new Writer();
        int attrsOffset = headerSize;
        int idsOffset = attrsOffset + fileAttrSize * Attrs.Count;
        int idsSize = Attrs.Sum(a => a.Ids.Length) * 8;
        int dataOffset = idsOffset + idsSize;
        var data = Records.SelectMany(r => r).ToArray();
        // header
        w.Bytes("PERFILE2"u8.ToArray()); w.U64(headerSize); w.U64(fileAttrSize);
        w.U64((ulong)attrsOffset); w.U64((ulong)(fileAttrSize * Attrs.Count));
        w.U64((ulong)dataOffset); w.U64((ulong)data.Length);
        w.U64(0); w.U64(0);
        w.U64((1UL << 2) | (1UL << 12) | (Compressed ? 1UL << 27 : 0)); w.U64(0); w.U64(0); w.U64(0); // features: BUILD_ID, EVENT_DESC, COMPRESSED
        int nextId = idsOffset;
        foreach (var a in Attrs)
        {
            w.Bytes(AttrBytes(a));
            w.U64((ulong)nextId); w.U64((ulong)(a.Ids.Length * 8));
            nextId += a.Ids.Length * 8;
        }
        foreach (var a in Attrs)
            foreach (ulong id in a.Ids)
                w.U64(id);
        w.Bytes(data);
        var buildIds = BuildIds.SelectMany(BuildIdRecord).ToArray();
        var desc = EventDesc();
        var compressed = Compressed ? CompressedFeature() : [];
        long features = w.Length + (Compressed ? 48 : 32);
        w.U64((ulong)features); w.U64((ulong)buildIds.Length);
        w.U64((ulong)(features + buildIds.Length)); w.U64((ulong)desc.Length);
        if (Compressed)
        {
            w.U64((ulong)(features + buildIds.Length + desc.Length)); w.U64((ulong)compressed.Length);
        }
        w.Bytes(buildIds);
        w.Bytes(desc);
        w.Bytes(compressed);
        return w.ToArray();
    }

    /// <summary>A pipe-mode perf.data: the short header, HEADER_ATTRs, EVENT_DESC as HEADER_FEATURE, build-ids, the records.</summary>
    public byte[] PipeMode()
    {
        var w = new Writer();
        w.Bytes("PERFILE2"u8.ToArray()); w.U64(16);
        foreach (var a in Attrs)
        {
            var body = new Writer();
            body.Bytes(AttrBytes(a));
            foreach (ulong id in a.Ids)
                body.U64(id);
            w.Bytes(Record(64, 0, body.ToArray()));
        }
        var feature = new Writer();
        feature.U64(12);
        feature.Bytes(EventDesc());
        w.Bytes(Record(80, 0, feature.ToArray()));
        if (Compressed)
        {
            var compressed = new Writer();
            compressed.U64(27);
            compressed.Bytes(CompressedFeature());
            w.Bytes(Record(80, 0, compressed.ToArray()));
        }
        foreach (var entry in BuildIds)
            w.Bytes(BuildIdRecord(entry));
        foreach (var record in Records)
            w.Bytes(record);
        return w.ToArray();
    }

    /// <summary>Little-endian fields, NUL-padded strings.</summary>
    public sealed class Writer : IDisposable
    {
        readonly MemoryStream _bytes = new();

        public void Dispose() => _bytes.Dispose();

        public long Length => _bytes.Length;

        public void U16(int v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); _bytes.Write(b); }
        public void U32(int v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); _bytes.Write(b); }
        public void U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); _bytes.Write(b); }
        public void Bytes(byte[] b) => _bytes.Write(b);

        /// <summary>A string NUL-terminated and padded to 8 bytes, as records hold names.</summary>
        public void Str(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            _bytes.Write(b);
            int pad = 8 - b.Length % 8;
            _bytes.Write(new byte[pad]);
        }

        /// <summary>perf_header_string: u32 length (padded to 64 bytes as perf writes it), then the bytes.</summary>
        public void HeaderString(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            int length = (b.Length + 1 + 63) / 64 * 64;
            U32(length);
            _bytes.Write(b);
            _bytes.Write(new byte[length - b.Length]);
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
