using System.Text;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>A thread as perf knows it: its process, its latest comm, its process's maps.</summary>
sealed class PerfThread(int pid, int tid)
{
    public int Pid { get; set; } = pid;
    public int Tid { get; } = tid;

    /// <summary>perf's default until a COMM (or a fork from a named parent) arrives: `:TID`.</summary>
    public byte[] Comm { get; set; } = Encoding.ASCII.GetBytes($":{tid}");
    public bool CommSet { get; set; }
    public ProcessMaps? Maps { get; set; }
}

/// <summary>
/// The state perf script builds from the non-sample records, applied in time order: threads
/// (COMM, FORK, EXIT), each process's maps (MMAP, MMAP2), the kernel's map, and the dsos they
/// show, one per name. Samples are resolved against it as they come.
/// </summary>
sealed class Machine
{
    const ushort MiscForkExec = 1 << 13;
    const uint MapHugetlb = 0x40000;

    readonly Dictionary<int, PerfThread> _threads = [];
    readonly Dictionary<string, Dso> _dsos = [];
    readonly Dictionary<string, string> _userBuildIds = [];
    string? _kernelBuildId;

    public MapEntry? KernelMap { get; private set; }

    /// <summary>Where the first kernel module is mapped: the kernel's own map ends there.</summary>
    ulong _lowestModuleStart = ulong.MaxValue;

    readonly SymbolDemangler? _demangler;

    public Machine(IEnumerable<BuildIdEntry> buildIds, SymbolDemangler? demangler = null)
    {
        _demangler = demangler;
        AddBuildIds(buildIds);
        PrefetchSymbols();
        // perf script registers the idle task before reading: samples of tid 0 show `swapper`
        var idle = FindOrAdd(0, 0);
        idle.Comm = "swapper"u8.ToArray();
        idle.CommSet = true;
    }

    public void AddBuildIds(IEnumerable<BuildIdEntry> buildIds)
    {
        foreach (var entry in buildIds)
        {
            if (entry.Kernel && entry.FileName.StartsWith("[kernel.kallsyms]", StringComparison.Ordinal))
                _kernelBuildId = entry.BuildId;
            else if (!entry.Kernel)
                _userBuildIds[entry.FileName] = entry.BuildId;
            if (_dsos.TryGetValue(entry.FileName, out var dso))
                dso.BuildId = entry.BuildId;
        }
    }

    /// <summary>
    /// The build-ids of a file-mode recording name the dsos its samples hit (perf record marks
    /// them): their symbol tables are read on a second thread while this one reads the records,
    /// the kernel's (the largest) first.
    /// </summary>
    void PrefetchSymbols()
    {
        if (Environment.ProcessorCount < 2)
            return;
        var hit = new List<Dso>();
        if (_kernelBuildId is not null)
        {
            var kernel = DsoFor("[kernel.kallsyms]"u8, DsoKind.Kernel);
            kernel.BuildId ??= _kernelBuildId;
            hit.Add(kernel);
        }
        foreach (string name in _userBuildIds.Keys)
        {
            if (name.StartsWith('/'))
                hit.Add(DsoFor(Encoding.UTF8.GetBytes(name), DsoKind.File));
            else if (name == "[vdso]")
                hit.Add(DsoFor("[vdso]"u8, DsoKind.Vdso));
        }
        if (hit.Count == 0)
            return;
        new Thread(() =>
        {
            Dso.OnPrefetchThread = true;
            foreach (var dso in hit)
                dso.Prefetch();
        })
        { IsBackground = true, Name = "symbols" }.Start();
    }

    /// <summary>Every dso seen, for the summary of those without symbols.</summary>
    public IEnumerable<Dso> Dsos => _dsos.Values;

    /// <summary>The summary line for samples with frames in objects without symbols, or null when there were none.</summary>
    public string? MissingSymbolsWarning(long samples)
    {
        if (samples == 0)
            return null;
        var names = Dsos.Where(d => d.NoSymbols && d.Kind is DsoKind.File or DsoKind.Kernel or DsoKind.Vdso or DsoKind.PerfMap)
            .Select(d => d.Path).Order(StringComparer.Ordinal).ToList();
        string listed = string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
        string noun = samples == 1 ? "sample has" : "samples have";
        return $"{samples} {noun} frames in objects without symbols (shown as [unknown]): {listed}";
    }

    /// <summary>perf's machine__findnew_thread: by tid; a new thread shares its process leader's maps.</summary>
    public PerfThread FindOrAdd(int pid, int tid)
    {
        if (_threads.TryGetValue(tid, out var thread))
        {
            if (thread.Pid == -1 && pid != -1 && pid != thread.Pid)
            {
                thread.Pid = pid;
                if (pid != tid)
                    thread.Maps = FindOrAdd(pid, pid).Maps;
            }
            return thread;
        }
        thread = new PerfThread(pid, tid);
        _threads[tid] = thread;
        thread.Maps = pid == tid || pid == -1 ? new ProcessMaps() : FindOrAdd(pid, pid).Maps;
        return thread;
    }

    public void Comm(RawRecord record)
    {
        var body = record.Body;
        if (body.Length < 8)
            return;
        var thread = FindOrAdd((int)ReadUInt32LittleEndian(body), (int)ReadUInt32LittleEndian(body[4..]));
        thread.Comm = CString(body[8..]).ToArray();
        thread.CommSet = true;
    }

    /// <summary>perf's machine__process_fork_event: a fresh thread, its parent's comm, a copy of the parent's maps for a new process.</summary>
    public void Fork(RawRecord record)
    {
        var body = record.Body;
        if (body.Length < 16)
            return;
        int pid = (int)ReadUInt32LittleEndian(body), ppid = (int)ReadUInt32LittleEndian(body[4..]);
        int tid = (int)ReadUInt32LittleEndian(body[8..]), ptid = (int)ReadUInt32LittleEndian(body[12..]);
        var parent = FindOrAdd(ppid, ptid);
        _threads.Remove(tid);
        var thread = FindOrAdd(pid, tid);
        if (parent.CommSet)
        {
            thread.Comm = parent.Comm;
            thread.CommSet = true;
        }
        // a thread of the same process already shares its maps; a new process gets a copy
        if (thread.Pid != parent.Pid && thread.Maps != parent.Maps && (record.Misc & MiscForkExec) == 0 && parent.Maps is not null)
            (thread.Maps ??= new ProcessMaps()).CopyFrom(parent.Maps);
    }

    public void Mmap(RawRecord record, bool mmap2)
    {
        var body = record.Body;
        int fixedSize = mmap2 ? 64 : 32;
        if (body.Length < fixedSize)
            return;
        int pid = (int)ReadUInt32LittleEndian(body), tid = (int)ReadUInt32LittleEndian(body[4..]);
        ulong start = ReadUInt64LittleEndian(body[8..]), length = ReadUInt64LittleEndian(body[16..]), pgoff = ReadUInt64LittleEndian(body[24..]);
        uint flags = mmap2 ? ReadUInt32LittleEndian(body[60..]) : 0;
        var fileName = CString(body[fixedSize..]);
        string? buildId = null;
        if (mmap2 && (record.Misc & PerfFormat.MiscMmapBuildId) != 0)
            buildId = Convert.ToHexStringLower(body.Slice(36, Math.Min((int)body[32], 20)));

        int cpumode = record.Misc & PerfFormat.CpuModeMask;
        if (cpumode is PerfFormat.CpuModeKernel or PerfFormat.CpuModeGuestKernel)
        {
            if (cpumode != PerfFormat.CpuModeKernel)
                return;
            if (fileName.StartsWith("[kernel.kallsyms]"u8))
            {
                // The recorded length stops at _etext, but perf resolves the init text after it
                // too: its kernel map reaches up to the next kernel map (a module), else to the end.
                var kernel = DsoFor("[kernel.kallsyms]"u8, DsoKind.Kernel);
                kernel.BuildId ??= _kernelBuildId;
                KernelMap = new MapEntry(start, _lowestModuleStart > start ? _lowestModuleStart : ulong.MaxValue, pgoff, kernel, identity: true);
            }
            else if (start < _lowestModuleStart)
            {
                _lowestModuleStart = start;
                if (KernelMap is { } map && start > map.Start && start < map.End)
                    map.End = start;
            }
            return;
        }

        var thread = FindOrAdd(pid, tid);
        bool anonymous = IsAnonymous(fileName) || (flags & MapHugetlb) != 0;
        bool noFile = fileName.StartsWith("[stack"u8) || fileName.StartsWith("/SYSV"u8) || fileName.SequenceEqual("[heap]"u8);
        Dso dso;
        if (anonymous)
            dso = DsoFor(Encoding.ASCII.GetBytes($"/tmp/perf-{pid}.map"), DsoKind.PerfMap);
        else if (fileName.SequenceEqual("[vdso]"u8))
            dso = DsoFor(fileName, DsoKind.Vdso);
        else
            dso = DsoFor(fileName, noFile ? DsoKind.NoFile : DsoKind.File);
        if (buildId is not null)
            dso.BuildId ??= buildId;
        thread.Maps ??= new ProcessMaps();
        thread.Maps.Insert(new MapEntry(start, start + length, pgoff, dso, anonymous || noFile));
    }

    static bool IsAnonymous(ReadOnlySpan<byte> fileName) =>
        fileName.SequenceEqual("//anon"u8) || fileName.StartsWith("/dev/zero"u8) || fileName.StartsWith("/anon_hugepage"u8);

    Dso DsoFor(ReadOnlySpan<byte> name, DsoKind kind)
    {
        string key = Encoding.UTF8.GetString(name);
        if (!_dsos.TryGetValue(key, out var dso))
        {
            dso = new Dso(name.ToArray(), kind, kind == DsoKind.Kernel ? null : _demangler, _dsos.Count);
            if (kind is DsoKind.File or DsoKind.Vdso && _userBuildIds.TryGetValue(key, out string? id))
                dso.BuildId = id;
            _dsos[key] = dso;
        }
        return dso;
    }

    static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> bytes)
    {
        int nul = bytes.IndexOf((byte)0);
        return nul < 0 ? bytes : bytes[..nul];
    }
}
