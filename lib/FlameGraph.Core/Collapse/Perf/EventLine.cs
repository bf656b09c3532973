using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// The line that starts a sample: `comm [pid/]tid [cpu] time: [period] event:`. Parsed with the
/// exact rules of stackcollapse-perf.pl's two regexes, written as span scans:
/// `^(\S.+?)\s+(\d+)\/*(\d+)*\s+` for the process, and `:\s*(\d+)*\s+(\S+):\s*$` for the
/// period and event, which must end the line (tracepoint lines with a payload have neither).
/// </summary>
readonly ref struct EventLine
{
    public ReadOnlySpan<byte> Comm { get; init; }
    public ReadOnlySpan<byte> Pid { get; init; }

    /// <summary>Empty when perf printed a single number (then that number is the TID).</summary>
    public ReadOnlySpan<byte> Tid { get; init; }

    /// <summary>Whether the line ends with `: [period] event:`.</summary>
    public bool HasEvent { get; init; }

    /// <summary>The period's digits; empty when absent.</summary>
    public ReadOnlySpan<byte> PeriodDigits { get; init; }

    /// <summary>The event with its modifiers, e.g. `cycles:u`.</summary>
    public ReadOnlySpan<byte> Event { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> line, out EventLine parsed)
    {
        parsed = default;
        if (line.Length < 2 || PerlChars.IsSpace(line[0]))
            return false;
        // The comm is the shortest prefix (2+ bytes) followed by spaces, digits, optional
        // "/digits", and a space. Try each run of spaces from the left.
        for (int i = 2; i < line.Length; i++)
        {
            if (!PerlChars.IsSpace(line[i]))
                continue;
            int pidStart = PerlChars.SkipSpaces(line, i);
            int pidEnd = PerlChars.SkipDigits(line, pidStart);
            if (pidEnd > pidStart)
            {
                int tidStart = pidEnd;
                while (tidStart < line.Length && line[tidStart] == (byte)'/')
                    tidStart++;
                int tidEnd = PerlChars.SkipDigits(line, tidStart);
                if (tidEnd < line.Length && PerlChars.IsSpace(line[tidEnd]))
                {
                    parsed = WithEvent(line, line[..i], line[pidStart..pidEnd], line[tidStart..tidEnd]);
                    return true;
                }
            }
            i = pidStart - 1; // the whole run of spaces leads to the same failure
        }
        return false;
    }

    static EventLine WithEvent(ReadOnlySpan<byte> line, ReadOnlySpan<byte> comm, ReadOnlySpan<byte> pid, ReadOnlySpan<byte> tid)
    {
        var result = new EventLine { Comm = comm, Pid = pid, Tid = tid };
        int end = line.Length;
        while (end > 0 && PerlChars.IsSpace(line[end - 1]))
            end--;
        int tokenStart = end;
        while (tokenStart > 0 && !PerlChars.IsSpace(line[tokenStart - 1]))
            tokenStart--;
        if (end - tokenStart < 2 || line[end - 1] != (byte)':' || tokenStart == 0)
            return result;
        int p = tokenStart;
        while (p > 0 && PerlChars.IsSpace(line[p - 1]))
            p--;
        int digitsEnd = p;
        while (p > 0 && PerlChars.IsDigit(line[p - 1]))
            p--;
        int digitsStart = p;
        if (digitsStart < digitsEnd)
            while (p > 0 && PerlChars.IsSpace(line[p - 1]))
                p--;
        if (p == 0 || line[p - 1] != (byte)':')
            return result;
        return result with
        {
            HasEvent = true,
            PeriodDigits = line[digitsStart..digitsEnd],
            Event = line[tokenStart..(end - 1)],
        };
    }
}
