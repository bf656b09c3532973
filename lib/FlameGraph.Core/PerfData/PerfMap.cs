using System.Globalization;
using System.Text;

namespace FlameGraph.PerfData;

/// <summary>
/// Symbols of JIT-compiled code from /tmp/perf-PID.map (written by .NET, Node, Java agents):
/// `START SIZE name` per line, hexadecimal, taken as they are (perf fixes up nothing here).
/// </summary>
static class PerfMap
{
    public static SymbolTable Load(string path)
    {
        if (!File.Exists(path))
            return SymbolTable.Empty;
        var file = File.ReadAllBytes(path);
        var text = file.AsSpan();
        var entries = new List<SymbolTable.Entry>();
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            int lineStart = range.Start.GetOffset(text.Length);
            int startDigits = HexLength(line);
            if (startDigits + 1 + 2 >= line.Length)
                continue;
            ulong start = Hex(line[..startDigits]);
            var rest = line[(startDigits + 1)..];
            int sizeDigits = HexLength(rest);
            if (startDigits + 1 + sizeDigits + 1 + 2 >= line.Length)
                continue;
            ulong size = Hex(rest[..sizeDigits]);
            int nameStart = lineStart + startDigits + 1 + sizeDigits + 1;
            entries.Add(new SymbolTable.Entry(start, start + size, SymbolTable.BindGlobal, nameStart, lineStart + line.Length - nameStart));
        }
        return SymbolTable.FromSorted(SymbolTable.StableSort(entries), file);
    }

    /// <summary>
    /// Length of the number at the start of <paramref name="text"/>, read as perf reads it
    /// (strtoull, base 16): hex digits after an optional `0x`, which .NET writes.
    /// </summary>
    static int HexLength(ReadOnlySpan<byte> text)
    {
        int n = PrefixLength(text);
        while (n < text.Length && char.IsAsciiHexDigit((char)text[n]))
            n++;
        return n;
    }

    static int PrefixLength(ReadOnlySpan<byte> text) =>
        text.Length >= 3 && text[0] == (byte)'0' && (text[1] | 0x20) == 'x' && char.IsAsciiHexDigit((char)text[2]) ? 2 : 0;

    static ulong Hex(ReadOnlySpan<byte> number)
    {
        var digits = number[PrefixLength(number)..];
        return digits.IsEmpty ? 0 : ulong.Parse(Encoding.ASCII.GetString(digits[..Math.Min(digits.Length, 16)]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
