namespace FlameGraph.PerfData;

/// <summary>
/// The entries of a sample's call chain that perf script prints, callee first, each with the
/// cpumode it is resolved in (thread__resolve_callchain_sample): context markers switch between
/// kernel and user maps and are not printed, at most 127 entries (the default --max-stack), an
/// LBR call stack in place of the user part; a chain with a context perf does not know is
/// dropped whole.
/// </summary>
static class CallchainEntries
{
    /// <summary>perf script's default --max-stack.</summary>
    const int MaxStack = 127;

    public readonly record struct Entry(int Cpumode, ulong Ip);

    /// <summary>Fills <paramref name="into"/> (cleared first) with the entries to print.</summary>
    public static void Collect(EventAttr attr, in SampleRecord sample, List<Entry> into)
    {
        into.Clear();
        if ((attr.BranchSampleType & PerfFormat.BranchCallStack) != 0 && sample.BranchCount > 0 && CollectLbr(sample, into))
            return;
        int count = sample.CallchainLength;
        int cpumode = PerfFormat.CpuModeUser;
        for (int i = 0; i < count && into.Count < MaxStack; i++)
        {
            ulong ip = sample.CallchainAt(i);
            if (ip >= PerfFormat.ContextMax)
            {
                if (!SetContext(ip, ref cpumode))
                {
                    into.Clear();
                    return;
                }
                continue;
            }
            into.Add(new Entry(cpumode, ip));
        }
    }

    static bool SetContext(ulong marker, ref int cpumode)
    {
        switch (marker)
        {
            case PerfFormat.ContextHv:
                cpumode = PerfFormat.CpuModeHypervisor;
                return true;
            case PerfFormat.ContextKernel:
                cpumode = PerfFormat.CpuModeKernel;
                return true;
            case PerfFormat.ContextUser:
                cpumode = PerfFormat.CpuModeUser;
                return true;
            default:
                return false;
        }
    }

    /// <summary>perf's resolve_lbr_callchain_sample, callee order: the kernel part, then the branch stack.</summary>
    /// <returns>False when the chain has no user part: then it is read as a plain chain.</returns>
    static bool CollectLbr(in SampleRecord sample, List<Entry> into)
    {
        int chainLength = Math.Min(MaxStack, sample.CallchainLength);
        int user = 0;
        while (user < chainLength && sample.CallchainAt(user) != PerfFormat.ContextUser)
            user++;
        if (user == chainLength)
            return false;
        int cpumode = PerfFormat.CpuModeUser;
        for (int i = 0; i <= user; i++)
        {
            ulong ip = sample.CallchainAt(i);
            if (ip >= PerfFormat.ContextMax)
            {
                if (!SetContext(ip, ref cpumode))
                {
                    into.Clear();
                    return true;
                }
                continue;
            }
            Add(into, cpumode, ip);
        }
        Add(into, cpumode, sample.BranchTo(0));
        for (int i = 0; i < sample.BranchCount; i++)
            Add(into, cpumode, sample.BranchFrom(i));
        return true;
    }

    static void Add(List<Entry> into, int cpumode, ulong ip)
    {
        if (ip < PerfFormat.ContextMax)
            into.Add(new Entry(cpumode, ip));
    }
}
