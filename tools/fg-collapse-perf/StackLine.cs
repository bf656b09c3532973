namespace FlameGraph.CollapsePerf;

/// <summary>
/// One frame line, `pc symbol[+off] (dso)`, split exactly as stackcollapse-perf.pl's regex
/// `^\s*(\w+)\s*(.+) \((.*)\)` splits it: the symbol runs to the last " (" that has a ')' after
/// it, and the dso to the last ')'. The odd corners of the regex's backtracking (a frame with no
/// symbol gives a one-byte symbol) are kept, because they decide the output's bytes.
/// </summary>
readonly ref struct StackLine
{
    public ReadOnlySpan<byte> Pc { get; init; }
    public ReadOnlySpan<byte> RawFunc { get; init; }
    public ReadOnlySpan<byte> Module { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> line, out StackLine parsed)
    {
        parsed = default;
        int pcStart = PerlChars.SkipSpaces(line, 0);
        int pcEnd = pcStart;
        while (pcEnd < line.Length && PerlChars.IsWord(line[pcEnd]))
            pcEnd++;
        if (pcEnd == pcStart)
            return false;
        int funcStart = PerlChars.SkipSpaces(line, pcEnd);

        int close = line.LastIndexOf((byte)')');
        if (close < 0)
            return false;
        int open = line[..close].LastIndexOf(" ("u8);
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
        parsed = new StackLine
        {
            Pc = line[pcStart..pcEnd],
            RawFunc = line[funcStart..open],
            Module = line[(open + 2)..close],
        };
        return true;
    }
}
