namespace FlameGraph.PerfData;

/// <summary>
/// Kernel symbols from a kallsyms file, as perf reads them: /proc/kallsyms when the recorded
/// kernel is the running one (or the recording names no build-id; perf's cached copy instead
/// when it was taken since this boot, as it then holds the same text), else the copy perf
/// record left in its build-id cache. Text, weak and data symbols (T, W, D, B in any case), sized by
/// the next symbol; module symbols take part in the sizing, then are dropped (their module
/// maps are not recorded here). A kallsyms with all-zero addresses (kptr_restrict, or a
/// container) gives no symbols, as with perf: kernel frames stay `[unknown]`.
/// </summary>
static class Kallsyms
{
    public static SymbolTable Load(string? recordedBuildId)
    {
        string? path = FindFile(recordedBuildId);
        return path is null ? SymbolTable.Empty : Parse(File.ReadAllBytes(path));
    }

    /// <summary>The build-id of the running kernel, from /sys/kernel/notes.</summary>
    public static string? RunningBuildId()
    {
        try
        {
            return ElfFile.NoteBuildId(File.ReadAllBytes("/sys/kernel/notes"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static string? FindFile(string? recordedBuildId)
    {
        string cached = recordedBuildId is null ? "" : DsoLoader.CachePath(recordedBuildId, "kallsyms");
        if (recordedBuildId is null || RunningBuildId() == recordedBuildId)
        {
            if (!File.Exists(ProcKallsyms))
                return null;
            // The copy perf record left in its cache holds the same text when it was taken since
            // this boot (same kernel, same address randomisation) and the addresses are not hidden
            // from us now: a regular file reads in a few milliseconds, /proc/kallsyms in tens.
            return recordedBuildId is not null && IsFromThisBoot(cached) && !ProcAddressesHidden() ? cached : ProcKallsyms;
        }
        return File.Exists(cached) ? cached : null;
    }

    const string ProcKallsyms = "/proc/kallsyms";

    static bool IsFromThisBoot(string path)
    {
        try
        {
            var written = File.GetLastWriteTimeUtc(path);
            return File.Exists(path) && BootTime() is { } boot && written > boot;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The `btime` line of /proc/stat: when this machine booted.</summary>
    static DateTime? BootTime()
    {
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(6), out long seconds))
                return DateTime.UnixEpoch.AddSeconds(seconds);
        }
        return null;
    }

    /// <summary>kptr_restrict (or a container) shows every address as zero: then perf sees no kernel symbols.</summary>
    static bool ProcAddressesHidden()
    {
        using var file = File.OpenRead(ProcKallsyms);
        Span<byte> first = stackalloc byte[17];
        int got = file.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        int space = first[..got].IndexOf((byte)' ');
        return space <= 0 || first[..space].IndexOfAnyExcept((byte)'0') < 0;
    }

    /// <summary>Lines `address type name[\t[module]]`; names stay slices of <paramref name="file"/>.</summary>
    public static SymbolTable Parse(byte[] file)
    {
        // one allocation of the size needed: a dozen doublings (or a guess too large) would
        // touch megabytes of fresh memory, and each new page costs a fault
        var entries = new List<SymbolTable.Entry>(file.AsSpan().Count((byte)'\n') + 1);
        bool anyAddress = false;
        int at = 0;
        while (at < file.Length)
        {
            int newline = file.AsSpan(at).IndexOf((byte)'\n');
            int end = newline < 0 ? file.Length : at + newline;
            var line = file.AsSpan(at, end - at);
            int lineStart = at;
            at = end + 1;
            int space = line.IndexOf((byte)' ');
            if (space <= 0 || space > 16 || space + 3 > line.Length || line[space + 2] != (byte)' ')
                continue;
            if (!TryHex(line[..space], out ulong address))
                continue;
            char type = (char)line[space + 1];
            char upper = char.ToUpperInvariant(type);
            if (upper is not ('T' or 'W' or 'D' or 'B'))
                continue;
            int nameStart = space + 3;
            if (nameStart >= line.Length || line[nameStart] == (byte)'$')
                continue;
            anyAddress |= address != 0;
            byte binding = upper == 'W' ? SymbolTable.BindWeak : char.IsUpper(type) ? SymbolTable.BindGlobal : SymbolTable.BindLocal;
            entries.Add(new SymbolTable.Entry(address, address, binding, lineStart + nameStart, line.Length - nameStart));
        }
        if (!anyAddress)
            return SymbolTable.Empty;
        var fixedUp = SymbolTable.Fixup(entries, file, kallsyms: true);
        fixedUp.RemoveAll(e => e.Name(file).Contains((byte)'\t'));
        return SymbolTable.FromSorted(fixedUp, file);
    }

    static bool TryHex(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        foreach (byte d in digits)
        {
            int nibble = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'a' and <= (byte)'f' => d - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => d - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0)
                return false;
            value = value << 4 | (uint)nibble;
        }
        return true;
    }
}
