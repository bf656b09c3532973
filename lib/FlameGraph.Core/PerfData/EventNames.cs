using System.Text;

namespace FlameGraph.PerfData;

/// <summary>
/// The name perf gives an event that the recording does not name (no event description):
/// the generic hardware or software event names, then perf's modifier suffix.
/// </summary>
static class EventNames
{
    static readonly string[] Hardware =
        ["cycles", "instructions", "cache-references", "cache-misses", "branches", "branch-misses",
         "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend", "ref-cycles"];

    static readonly string[] Software =
        ["cpu-clock", "task-clock", "page-faults", "context-switches", "cpu-migrations", "minor-faults",
         "major-faults", "alignment-faults", "emulation-faults", "dummy", "bpf-output", "cgroup-switches"];

    public static string FromAttr(EventAttr attr)
    {
        string baseName = attr.Type switch
        {
            PerfFormat.PerfTypeHardware when attr.Config < (ulong)Hardware.Length => Hardware[attr.Config],
            PerfFormat.PerfTypeSoftware when attr.Config < (ulong)Software.Length => Software[attr.Config],
            PerfFormat.PerfTypeRaw => $"raw 0x{attr.Config:x}",
            _ => $"unknown attr type: {attr.Type}",
        };
        return baseName + Modifiers(attr);
    }

    /// <summary>perf's evsel__add_modifiers: `:kuh` when some context is excluded, `p`s for precise_ip, `H`/`G`.</summary>
    static string Modifiers(EventAttr attr)
    {
        var text = new StringBuilder();
        bool excludeUser = attr.Flag(PerfFormat.AttrExcludeUser), excludeKernel = attr.Flag(PerfFormat.AttrExcludeKernel),
            excludeHv = attr.Flag(PerfFormat.AttrExcludeHv);
        bool excludeGuest = attr.Flag(PerfFormat.AttrExcludeGuest), excludeHost = attr.Flag(PerfFormat.AttrExcludeHost);
        int precise = (int)(attr.Flags >> PerfFormat.AttrPreciseIp & 3);
        bool excludeGuestDefault = false;
        if (excludeUser || excludeKernel || excludeHv)
        {
            if (!excludeKernel)
                text.Append('k');
            if (!excludeUser)
                text.Append('u');
            if (!excludeHv)
                text.Append('h');
            excludeGuestDefault = true;
        }
        if (precise > 0)
        {
            text.Append('p', precise);
            excludeGuestDefault = true;
        }
        if (excludeHost || excludeGuest == excludeGuestDefault)
        {
            if (!excludeHost)
                text.Append('H');
            if (!excludeGuest)
                text.Append('G');
        }
        return text.Length == 0 ? "" : ":" + text;
    }
}
