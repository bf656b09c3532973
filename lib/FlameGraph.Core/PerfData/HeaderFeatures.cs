using System.Text;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// The header features we use, in the layout they share between a file's feature sections and
/// pipe mode's HEADER_FEATURE records: BUILD_ID (dso build-ids), CMDLINE, EVENT_DESC (event names).
/// </summary>
static class HeaderFeatures
{
    /// <summary>One build_id record (perf_record_header_build_id), also the body of HEADER_BUILD_ID.</summary>
    public static BuildIdEntry? ParseBuildId(ReadOnlySpan<byte> record)
    {
        // header (8), pid (4), build_id[20] + size (1) + reserved (3), filename
        if (record.Length < 36)
            return null;
        ushort misc = ReadUInt16LittleEndian(record[4..]);
        int size = (misc & PerfFormat.MiscBuildIdSize) != 0 ? Math.Min((int)record[32], 20) : 20;
        string id = Convert.ToHexStringLower(record.Slice(12, size));
        string name = CString(record[36..]);
        int cpumode = misc & PerfFormat.CpuModeMask;
        return new BuildIdEntry(name, id, cpumode is PerfFormat.CpuModeKernel or PerfFormat.CpuModeGuestKernel);
    }

    /// <summary>The BUILD_ID feature: build_id records one after another.</summary>
    public static void ParseBuildIds(ReadOnlySpan<byte> section, List<BuildIdEntry> into)
    {
        int at = 0;
        while (at + PerfFormat.RecordHeaderSize <= section.Length)
        {
            int size = ReadUInt16LittleEndian(section[(at + 6)..]);
            if (size < PerfFormat.RecordHeaderSize || at + size > section.Length)
                return;
            if (ParseBuildId(section.Slice(at, size)) is { } entry)
                into.Add(entry);
            at += size;
        }
    }

    /// <summary>The EVENT_DESC feature: each event's attr, name and ids; names go to the matching attrs.</summary>
    public static void ApplyEventDesc(ReadOnlySpan<byte> section, IReadOnlyList<EventAttr> attrs, Dictionary<ulong, EventAttr> byId)
    {
        if (section.Length < 8)
            return;
        uint count = ReadUInt32LittleEndian(section);
        int attrSize = (int)ReadUInt32LittleEndian(section[4..]);
        int at = 8;
        for (uint i = 0; i < count; i++)
        {
            if (at + attrSize + 8 > section.Length)
                return;
            at += attrSize;
            uint ids = ReadUInt32LittleEndian(section[at..]);
            at += 4;
            if (!TryString(section, ref at, out string name))
                return;
            if ((ulong)at + ids * 8UL > (ulong)section.Length)
                return;
            ulong firstId = ids > 0 ? ReadUInt64LittleEndian(section[at..]) : 0;
            at += (int)ids * 8;
            // perf's evlist__id2evsel: the only event, else the event of the first id
            EventAttr? attr = attrs.Count == 1 ? attrs[0] : ids > 0 && byId.TryGetValue(firstId, out var found) ? found : null;
            if (attr is not null && !attr.NameFixed)
                attr.Name = name;
        }
    }

    /// <summary>The CMDLINE feature: the perf command line's words, joined by spaces.</summary>
    public static string ParseCmdline(ReadOnlySpan<byte> section)
    {
        if (section.Length < 4)
            return "";
        uint count = ReadUInt32LittleEndian(section);
        int at = 4;
        var words = new List<string>();
        for (uint i = 0; i < count && TryString(section, ref at, out string word); i++)
            words.Add(word);
        return string.Join(' ', words);
    }

    /// <summary>perf_header_string: u32 length (padding included), then NUL-terminated bytes.</summary>
    static bool TryString(ReadOnlySpan<byte> section, ref int at, out string value)
    {
        value = "";
        if (at + 4 > section.Length)
            return false;
        int length = (int)ReadUInt32LittleEndian(section[at..]);
        at += 4;
        if (length < 0 || at + length > section.Length)
            return false;
        value = CString(section.Slice(at, length));
        at += length;
        return true;
    }

    public static string CString(ReadOnlySpan<byte> bytes)
    {
        int nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? bytes : bytes[..nul]);
    }
}
