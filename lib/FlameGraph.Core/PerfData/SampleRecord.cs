using System.Numerics;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// The fields of one PERF_RECORD_SAMPLE, read in place: the call chain and branch entries stay
/// spans over the record's bytes. Fields follow each other in sample_type bit order
/// (perf's evsel__parse_sample); a field the event did not ask for is absent.
/// </summary>
public ref struct SampleRecord
{
    public ulong Ip;
    public int Pid, Tid;
    public ulong Time;
    public ulong Id;
    public uint Cpu;
    public ulong Period;

    /// <summary>The call chain's u64 entries, leaf first, context markers included.</summary>
    public ReadOnlySpan<byte> Callchain;

    /// <summary>Branch entries (from, to, flags: 24 bytes each), newest first.</summary>
    public ReadOnlySpan<byte> Branches;

    public readonly int CallchainLength => Callchain.Length / 8;
    public readonly ulong CallchainAt(int index) => ReadUInt64LittleEndian(Callchain[(index * 8)..]);
    public readonly int BranchCount => Branches.Length / 24;
    public readonly ulong BranchFrom(int index) => ReadUInt64LittleEndian(Branches[(index * 24)..]);
    public readonly ulong BranchTo(int index) => ReadUInt64LittleEndian(Branches[(index * 24 + 8)..]);

    /// <summary>Reads a sample's body (the record without its 8-byte header).</summary>
    /// <exception cref="PerfDataException">A field runs past the record, or a sample_type bit is unknown.</exception>
    public static SampleRecord Parse(EventAttr attr, ReadOnlySpan<byte> body, long offset)
    {
        ulong type = attr.SampleType;
        if ((type & ~PerfFormat.KnownSampleBits) != 0)
            throw new PerfDataException(offset, $"sample_type bits 0x{type & ~PerfFormat.KnownSampleBits:x} of event '{attr.DisplayName}' are unknown (written by a newer perf?)");
        var sample = new SampleRecord { Period = attr.SamplePeriod };
        var cursor = new Cursor(body, offset);
        if ((type & PerfFormat.SampleIdentifier) != 0)
            sample.Id = cursor.U64();
        if ((type & PerfFormat.SampleIp) != 0)
            sample.Ip = cursor.U64();
        if ((type & PerfFormat.SampleTid) != 0)
        {
            sample.Pid = (int)cursor.U32();
            sample.Tid = (int)cursor.U32();
        }
        else
        {
            sample.Pid = sample.Tid = -1;
        }
        if ((type & PerfFormat.SampleTime) != 0)
            sample.Time = cursor.U64();
        if ((type & PerfFormat.SampleAddr) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleId) != 0)
            sample.Id = cursor.U64();
        if ((type & PerfFormat.SampleStreamId) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleCpu) != 0)
        {
            sample.Cpu = cursor.U32();
            cursor.Skip(4);
        }
        if ((type & PerfFormat.SamplePeriod) != 0)
            sample.Period = cursor.U64();
        if ((type & PerfFormat.SampleRead) != 0)
            SkipReadValues(ref cursor, attr.ReadFormat);
        if ((type & PerfFormat.SampleCallchain) != 0)
        {
            ulong count = cursor.U64();
            sample.Callchain = cursor.Take(count, 8, "call chain");
        }
        if ((type & PerfFormat.SampleRaw) != 0)
        {
            uint size = cursor.U32();
            cursor.Skip(size, "raw data");
        }
        if ((type & PerfFormat.SampleBranchStack) != 0)
        {
            ulong count = cursor.U64();
            if ((attr.BranchSampleType & PerfFormat.BranchHwIndex) != 0)
                cursor.Skip(8);
            sample.Branches = cursor.Take(count, 24, "branch stack");
        }
        if ((type & PerfFormat.SampleRegsUser) != 0)
            SkipRegisters(ref cursor, attr.SampleRegsUser);
        if ((type & PerfFormat.SampleStackUser) != 0)
        {
            ulong size = cursor.U64();
            if (size > 0)
            {
                cursor.Skip(size, "user stack");
                cursor.Skip(8);
            }
        }
        if ((type & (PerfFormat.SampleWeight | PerfFormat.SampleWeightStruct)) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleDataSrc) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleTransaction) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleRegsIntr) != 0)
            SkipRegisters(ref cursor, attr.SampleRegsIntr);
        if ((type & PerfFormat.SamplePhysAddr) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleCgroup) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleDataPageSize) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleCodePageSize) != 0)
            cursor.Skip(8);
        if ((type & PerfFormat.SampleAux) != 0)
        {
            ulong size = cursor.U64();
            cursor.Skip(size, "aux data");
        }
        return sample;
    }

    static void SkipReadValues(ref Cursor cursor, ulong format)
    {
        int extra = ((format & PerfFormat.ReadId) != 0 ? 1 : 0) + ((format & PerfFormat.ReadLost) != 0 ? 1 : 0);
        int times = ((format & PerfFormat.ReadTotalTimeEnabled) != 0 ? 1 : 0) + ((format & PerfFormat.ReadTotalTimeRunning) != 0 ? 1 : 0);
        if ((format & PerfFormat.ReadGroup) != 0)
        {
            ulong count = cursor.U64();
            cursor.Skip((ulong)times * 8);
            cursor.Take(count, 8 * (1 + extra), "read values");
        }
        else
        {
            cursor.Skip((ulong)(1 + times + extra) * 8);
        }
    }

    static void SkipRegisters(ref Cursor cursor, ulong mask)
    {
        ulong abi = cursor.U64();
        if (abi != 0)
            cursor.Skip((ulong)BitOperations.PopCount(mask) * 8, "registers");
    }

    /// <summary>Reads a sample body forwards, failing with the record's offset when a field runs past it.</summary>
    ref struct Cursor(ReadOnlySpan<byte> body, long offset)
    {
        readonly ReadOnlySpan<byte> _body = body;
        int _at;

        public ulong U64()
        {
            Need(8, "field");
            ulong value = ReadUInt64LittleEndian(_body[_at..]);
            _at += 8;
            return value;
        }

        public uint U32()
        {
            Need(4, "field");
            uint value = ReadUInt32LittleEndian(_body[_at..]);
            _at += 4;
            return value;
        }

        public void Skip(ulong bytes, string what = "field")
        {
            Need(bytes, what);
            _at += (int)bytes;
        }

        public ReadOnlySpan<byte> Take(ulong count, int entrySize, string what)
        {
            if (count > (ulong)(_body.Length / entrySize))
                throw new PerfDataException(offset, $"sample's {what} of {count} entries runs past the end of its record");
            int bytes = (int)count * entrySize;
            var span = _body.Slice(_at, Math.Min(bytes, _body.Length - _at));
            Need((ulong)bytes, what);
            _at += bytes;
            return span;
        }

        readonly void Need(ulong bytes, string what)
        {
            if (bytes > (ulong)(_body.Length - _at))
                throw new PerfDataException(offset, $"sample's {what} runs past the end of its record ({_body.Length + PerfFormat.RecordHeaderSize} bytes)");
        }
    }
}
