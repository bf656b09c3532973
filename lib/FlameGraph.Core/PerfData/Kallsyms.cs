using System.Globalization;
using System.Text;

namespace FlameGraph.Core.PerfData;

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

    public static SymbolTable Parse(ReadOnlySpan<byte> text)
    {
        var entries = new List<SymbolTable.Entry>();
        bool anyAddress = false;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            int space = line.IndexOf((byte)' ');
            if (space <= 0 || space + 3 > line.Length || line[space + 2] != (byte)' ')
                continue;
            if (!ulong.TryParse(Encoding.ASCII.GetString(line[..space]), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong address))
                continue;
            char type = (char)line[space + 1];
            char upper = char.ToUpperInvariant(type);
            if (upper is not ('T' or 'W' or 'D' or 'B'))
                continue;
            var name = line[(space + 3)..];
            if (name.IsEmpty || name[0] == (byte)'$')
                continue;
            anyAddress |= address != 0;
            byte binding = upper == 'W' ? SymbolTable.BindWeak : char.IsUpper(type) ? SymbolTable.BindGlobal : SymbolTable.BindLocal;
            entries.Add(new SymbolTable.Entry(address, address, binding, name.ToArray()));
        }
        if (!anyAddress)
            return SymbolTable.Empty;
        var fixedUp = SymbolTable.Fixup(entries, kallsyms: true);
        fixedUp.RemoveAll(e => e.Name.AsSpan().Contains((byte)'\t'));
        return SymbolTable.FromSorted(fixedUp);
    }
}
