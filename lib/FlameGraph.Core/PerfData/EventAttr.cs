using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// One event of a recording (perf_event_attr), with the sample ids that stand for it and its
/// name as perf shows it. Read once per event: the few fields the samples' layout depends on.
/// </summary>
public sealed class EventAttr
{
    public uint Type { get; init; }
    public ulong Config { get; init; }
    public ulong SamplePeriod { get; init; }
    public ulong SampleType { get; init; }
    public ulong ReadFormat { get; init; }
    public ulong Flags { get; init; }
    public ulong BranchSampleType { get; init; }
    public ulong SampleRegsUser { get; init; }
    public ulong SampleRegsIntr { get; init; }

    /// <summary>Ids that samples and sample_id_all trailers carry for this event.</summary>
    public List<ulong> Ids { get; } = [];

    /// <summary>The name from the recording's event description; null until one is read.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// True when perf script would have named the event before reading its description: in pipe
    /// mode, checking the fields of the first event of a type names it from type and config when a
    /// default field (time, cpu) is missing from its samples, and the description then no longer applies.
    /// </summary>
    public bool NameFixed { get; set; }

    /// <summary>Position of the index in the recording's list of events.</summary>
    public int Index { get; init; }

    public bool Flag(int bit) => (Flags >> bit & 1) != 0;

    public bool SampleIdAll => Flag(PerfFormat.AttrSampleIdAll);

    public bool Has(ulong sampleBit) => (SampleType & sampleBit) != 0;

    /// <summary>The name perf script prints: the recorded one, else one made from type and config.</summary>
    public string DisplayName => Name ??= EventNames.FromAttr(this);

    /// <summary><see cref="DisplayName"/> as UTF-8, made once: it is printed with every sample.</summary>
    public byte[] DisplayNameBytes => _displayNameBytes ??= System.Text.Encoding.UTF8.GetBytes(DisplayName);
    byte[]? _displayNameBytes;

    /// <summary>Size of the sample_id_all trailer on non-sample records, in bytes.</summary>
    public int TrailerSize
    {
        get
        {
            if (!SampleIdAll)
                return 0;
            int size = 0;
            foreach (ulong bit in TrailerBits)
                if (Has(bit))
                    size += 8;
            return size;
        }
    }

    static readonly ulong[] TrailerBits =
        [PerfFormat.SampleTid, PerfFormat.SampleTime, PerfFormat.SampleId, PerfFormat.SampleStreamId, PerfFormat.SampleCpu, PerfFormat.SampleIdentifier];

    /// <summary>Index (in u64s) of the event id in a sample, or -1 (perf's id_pos).</summary>
    public int IdPosition
    {
        get
        {
            if (Has(PerfFormat.SampleIdentifier))
                return 0;
            if (!Has(PerfFormat.SampleId))
                return -1;
            int index = 0;
            foreach (ulong bit in (ReadOnlySpan<ulong>)[PerfFormat.SampleIp, PerfFormat.SampleTid, PerfFormat.SampleTime, PerfFormat.SampleAddr])
                if (Has(bit))
                    index++;
            return index;
        }
    }

    /// <summary>Index counted from the end (in u64s) of the event id in a trailer, or -1 (perf's is_pos).</summary>
    public int TrailerIdPosition
    {
        get
        {
            if (Has(PerfFormat.SampleIdentifier))
                return 1;
            if (!Has(PerfFormat.SampleId))
                return -1;
            int index = 1;
            if (Has(PerfFormat.SampleCpu))
                index++;
            if (Has(PerfFormat.SampleStreamId))
                index++;
            return index;
        }
    }

    /// <summary>Reads a perf_event_attr of any version (fields past its size are zero).</summary>
    public static EventAttr Parse(ReadOnlySpan<byte> attr, int index)
    {
        Span<byte> padded = stackalloc byte[128];
        attr[..Math.Min(attr.Length, padded.Length)].CopyTo(padded);
        ReadOnlySpan<byte> fields = padded;
        ulong U64(ReadOnlySpan<byte> bytes, int offset) => ReadUInt64LittleEndian(bytes[offset..]);
        return new EventAttr
        {
            Index = index,
            Type = ReadUInt32LittleEndian(fields),
            Config = U64(fields, 8),
            SamplePeriod = U64(fields, 16),
            SampleType = U64(fields, 24),
            ReadFormat = U64(fields, 32),
            Flags = U64(fields, 40),
            BranchSampleType = U64(fields, 72),
            SampleRegsUser = U64(fields, 80),
            SampleRegsIntr = U64(fields, 96),
        };
    }

    /// <summary>The attr's own size field (perf_event_attr.size), 0 when absent.</summary>
    public static int DeclaredSize(ReadOnlySpan<byte> attr) => attr.Length >= 8 ? (int)ReadUInt32LittleEndian(attr[4..]) : 0;
}
