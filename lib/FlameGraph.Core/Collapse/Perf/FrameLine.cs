using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// One frame line, `pc symbol[+off] (dso)`, split exactly as stackcollapse-perf.pl's regex
/// `^\s*(\w+)\s*(.+) \((.*)\)` splits it: the symbol runs to the last " (" that has a ')' after
/// it, and the dso to the last ')'. The odd corners of the regex's backtracking (a frame with no
/// symbol gives a one-byte symbol) are kept, because they decide the output's bytes.
/// </summary>
readonly ref struct FrameLine
{
    public ReadOnlySpan<byte> Pc { get; init; }
    public ReadOnlySpan<byte> RawFunc { get; init; }
    public ReadOnlySpan<byte> Module { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> line, out FrameLine parsed)
    {
        parsed = default;
        int pcStart = PerlChars.SkipSpaces(line, 0);
        int pcEnd = PerlChars.SkipWord(line, pcStart);
        if (pcEnd == pcStart)
            return false;
        int funcStart = PerlChars.SkipSpaces(line, pcEnd);

        int close = line[^1] == (byte)')' ? line.Length - 1 : line.LastIndexOf((byte)')');
        if (close < 0)
            return false;
        int open = LastSpaceParen(line[..close]);
        if (open < 0)
            return false;

        if (open >= funcStart + 1)
        {
            // the usual case
        }
        else if (open >= pcEnd + 1)
        {
            funcStart = open - 1; // `pc  (dso)`: the symbol is the space before " ("
        }
        else if (open == pcEnd && pcEnd - pcStart >= 2)
        {
            pcEnd--;              // `pc (dso)`: the regex takes the pc's last character as the symbol
            funcStart = pcEnd;
        }
        else
        {
            return false;
        }
        parsed = new FrameLine
        {
            Pc = line[pcStart..pcEnd],
            RawFunc = line[funcStart..open],
            Module = line[(open + 2)..close],
        };
        return true;
    }

    /// <summary>The last " (" in <paramref name="text"/> (by its space), found with byte searches.</summary>
    static int LastSpaceParen(ReadOnlySpan<byte> text)
    {
        int end = text.Length;
        while (true)
        {
            int paren = text[..end].LastIndexOf((byte)'(');
            if (paren <= 0)
                return -1;
            if (text[paren - 1] == (byte)' ')
                return paren - 1;
            end = paren;
        }
    }
}
