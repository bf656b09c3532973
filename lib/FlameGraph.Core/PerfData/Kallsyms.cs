namespace FlameGraph.PerfData;

/// <summary>
/// Kernel symbols from a kallsyms file, as perf reads them: /proc/kallsyms when the recorded
/// kernel is the running one (or the recording names no build-id), else the copy perf record
/// left in its build-id cache. Text, weak and data symbols (T, W, D, B in any case), sized by
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
        if (recordedBuildId is null || RunningBuildId() == recordedBuildId)
            return File.Exists("/proc/kallsyms") ? "/proc/kallsyms" : null;
        string cached = DsoLoader.CachePath(recordedBuildId, "kallsyms");
        return File.Exists(cached) ? cached : null;
    }

    /// <summary>Lines `address type name[\t[module]]`; names stay slices of <paramref name="file"/>.</summary>
    public static SymbolTable Parse(byte[] file)
    {
        var entries = new List<SymbolTable.Entry>();
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
            entries.Add(new SymbolTable.Entry(address, address, binding, file.AsMemory(lineStart + nameStart, line.Length - nameStart)));
        }
        if (!anyAddress)
            return SymbolTable.Empty;
        var fixedUp = SymbolTable.Fixup(entries, kallsyms: true);
        fixedUp.RemoveAll(e => e.Name.Span.Contains((byte)'\t'));
        return SymbolTable.FromSorted(fixedUp);
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
