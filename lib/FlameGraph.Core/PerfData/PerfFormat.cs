namespace FlameGraph.PerfData;

/// <summary>
/// Numbers of the perf.data format (linux include/uapi/linux/perf_event.h and
/// tools/perf/util/event.h, header.h): record types, sample_type bits, feature ids.
/// </summary>
static class PerfFormat
{
    /// <summary>"PERFILE2" read as a little-endian u64.</summary>
    public const ulong Magic = 0x32454c4946524550;

    /// <summary>"PERFILE2" written by a big-endian machine.</summary>
    public const ulong MagicSwapped = 0x50455246494c4532;

    public const int RecordHeaderSize = 8;

    // Kernel record types.
    public const uint Mmap = 1, Lost = 2, Comm = 3, Exit = 4, Throttle = 5, Unthrottle = 6, Fork = 7, Read = 8,
        Sample = 9, Mmap2 = 10, Aux = 11, ItraceStart = 12, LostSamples = 13, Switch = 14, SwitchCpuWide = 15,
        Namespaces = 16, Ksymbol = 17, BpfEvent = 18, Cgroup = 19, TextPoke = 20, AuxOutputHwId = 21;

    /// <summary>Records of this type and above are written by perf itself, not the kernel.</summary>
    public const uint UserTypeStart = 64;

    // Records perf writes.
    public const uint HeaderAttr = 64, HeaderEventType = 65, HeaderTracingData = 66, HeaderBuildId = 67,
        FinishedRound = 68, IdIndex = 69, AuxtraceInfo = 70, Auxtrace = 71, AuxtraceError = 72, ThreadMap = 73,
        CpuMap = 74, StatConfig = 75, Stat = 76, StatRound = 77, EventUpdate = 78, TimeConv = 79,
        HeaderFeature = 80, Compressed = 81, FinishedInit = 82;

    // sample_type bits, in the order their fields appear in a sample.
    public const ulong SampleIp = 1 << 0, SampleTid = 1 << 1, SampleTime = 1 << 2, SampleAddr = 1 << 3,
        SampleRead = 1 << 4, SampleCallchain = 1 << 5, SampleId = 1 << 6, SampleCpu = 1 << 7,
        SamplePeriod = 1 << 8, SampleStreamId = 1 << 9, SampleRaw = 1 << 10, SampleBranchStack = 1 << 11,
        SampleRegsUser = 1 << 12, SampleStackUser = 1 << 13, SampleWeight = 1 << 14, SampleDataSrc = 1 << 15,
        SampleIdentifier = 1 << 16, SampleTransaction = 1 << 17, SampleRegsIntr = 1 << 18,
        SamplePhysAddr = 1 << 19, SampleAux = 1 << 20, SampleCgroup = 1 << 21, SampleDataPageSize = 1 << 22,
        SampleCodePageSize = 1 << 23, SampleWeightStruct = 1 << 24;

    /// <summary>Every sample_type bit whose field layout we know.</summary>
    public const ulong KnownSampleBits = (1UL << 25) - 1;

    // read_format bits.
    public const ulong ReadTotalTimeEnabled = 1, ReadTotalTimeRunning = 2, ReadId = 4, ReadGroup = 8, ReadLost = 16;

    /// <summary>branch_sample_type bit: a hardware index precedes the branch entries.</summary>
    public const ulong BranchHwIndex = 1UL << 17;

    /// <summary>branch_sample_type bit: the LBR call stack mode (`--call-graph lbr`).</summary>
    public const ulong BranchCallStack = 1UL << 10;

    // misc bits.
    public const ushort CpuModeMask = 7;
    public const ushort CpuModeUnknown = 0, CpuModeKernel = 1, CpuModeUser = 2, CpuModeHypervisor = 3,
        CpuModeGuestKernel = 4, CpuModeGuestUser = 5;
    public const ushort MiscMmapData = 1 << 13, MiscCommExec = 1 << 13, MiscMmapBuildId = 1 << 14, MiscBuildIdSize = 1 << 15;

    // Call chain context markers: (u64)-32 and below.
    public const ulong ContextHv = unchecked((ulong)-32), ContextKernel = unchecked((ulong)-128),
        ContextUser = unchecked((ulong)-512), ContextGuest = unchecked((ulong)-2048),
        ContextGuestKernel = unchecked((ulong)-2176), ContextGuestUser = unchecked((ulong)-2560),
        ContextMax = unchecked((ulong)-4095);

    // Feature sections (the adds_features bitmap of the file header).
    public const int FeatTracingData = 1, FeatBuildId = 2, FeatCmdline = 11, FeatEventDesc = 12, FeatLast = 256;

    // perf_event_attr.flags bits.
    public const int AttrExcludeUser = 4, AttrExcludeKernel = 5, AttrExcludeHv = 6, AttrExcludeIdle = 7,
        AttrPreciseIp = 15, AttrSampleIdAll = 18, AttrExcludeHost = 19, AttrExcludeGuest = 20;

    public const ushort PerfTypeHardware = 0, PerfTypeSoftware = 1, PerfTypeTracepoint = 2, PerfTypeHwCache = 3,
        PerfTypeRaw = 4, PerfTypeBreakpoint = 5;

    /// <summary>How perf names a record type, for messages.</summary>
    public static string RecordName(uint type) => type switch
    {
        Mmap => "MMAP",
        Lost => "LOST",
        Comm => "COMM",
        Exit => "EXIT",
        Fork => "FORK",
        Sample => "SAMPLE",
        Mmap2 => "MMAP2",
        HeaderAttr => "HEADER_ATTR",
        HeaderFeature => "HEADER_FEATURE",
        HeaderBuildId => "HEADER_BUILD_ID",
        IdIndex => "ID_INDEX",
        ThreadMap => "THREAD_MAP",
        CpuMap => "CPU_MAP",
        TimeConv => "TIME_CONV",
        Compressed => "COMPRESSED",
        FinishedRound => "FINISHED_ROUND",
        HeaderEventType => "HEADER_EVENT_TYPE",
        HeaderTracingData => "HEADER_TRACING_DATA",
        _ => $"type {type}",
    };
}
