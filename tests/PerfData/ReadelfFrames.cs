using System.Globalization;
using System.Text.RegularExpressions;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// The unwind tables `readelf --debug-dump=frames-interp` prints for .eh_frame: per FDE its
/// range and rows (LOC, CFA, then one column per register the FDE or its CIE mentions, e.g.
/// `rsp+16`, `exp`, `c-8`, `u`, `s`). An FDE printed without rows inherits its CIE's table.
/// </summary>
sealed partial class ReadelfFrames
{
    public sealed record Row(ulong Loc, string Cfa, IReadOnlyDictionary<string, string> Registers);

    public sealed record Fde(ulong PcBegin, ulong PcEnd, List<Row> Rows);

    public List<Fde> Fdes { get; } = [];

    [GeneratedRegex(@"^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ (CIE|FDE)(?: cie=([0-9a-f]+) pc=([0-9a-f]+)\.\.([0-9a-f]+))?")]
    private static partial Regex EntryLine();

    /// <summary>A register rule "in another register" is printed as `r9 (r9)` or `r1 (rdx)`: keep the name.</summary>
    [GeneratedRegex(@"\br\d+ \((\w+)\)")]
    private static partial Regex RegisterInRegister();

    public static ReadelfFrames Parse(string text)
    {
        var frames = new ReadelfFrames();
        var cieRows = new Dictionary<string, List<Row>>();
        List<Row>? rows = null;
        string[] columns = [];
        foreach (string line in text.Split('\n'))
        {
            if (EntryLine().Match(line) is { Success: true } entry)
            {
                rows = [];
                columns = [];
                if (entry.Groups[2].Value == "CIE")
                {
                    cieRows[entry.Groups[1].Value] = rows;
                }
                else
                {
                    ulong begin = Hex(entry.Groups[4].Value), end = Hex(entry.Groups[5].Value);
                    frames.Fdes.Add(new Fde(begin, end, rows));
                    // Rows of the CIE stand until the FDE prints its own (readelf prints none for an FDE without instructions).
                    if (cieRows.TryGetValue(entry.Groups[3].Value, out var inherited) && inherited.Count > 0)
                        rows.Add(inherited[^1] with { Loc = begin });
                }
                continue;
            }
            var fields = RegisterInRegister().Replace(line, "$1").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                columns = []; // a blank line ends the entry
            if (rows is null || fields.Length < 2)
                continue;
            if (fields[0] == "LOC")
            {
                columns = fields;
                if (frames.Fdes.Count > 0 && ReferenceEquals(frames.Fdes[^1].Rows, rows))
                    rows.Clear(); // the FDE prints its own table: drop the inherited row
                continue;
            }
            if (columns.Length == 0)
                continue;
            if (fields.Length != columns.Length)
                throw new FormatException($"readelf row not understood: {line}");
            var registers = new Dictionary<string, string>();
            for (int i = 2; i < fields.Length; i++)
                registers[columns[i]] = fields[i];
            rows.Add(new Row(Hex(fields[0]), fields[1], registers));
        }
        return frames;
    }

    static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
