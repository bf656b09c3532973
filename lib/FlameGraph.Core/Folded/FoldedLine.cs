using FlameGraph.Internals;

namespace FlameGraph.Folded;

/// <summary>
/// Splits a folded-stack line the way the Perl tools do, with `^(.*)\s+?(\d+(?:\.\d*)?)$`:
/// the count is the run of digits (with an optional fraction) at the end of the line, and the
/// stack is everything before the single whitespace character that precedes it. Because `(.*)`
/// is greedy, `a;b  5` has the stack `a;b ` (one trailing space kept), exactly as Perl reads it.
/// </summary>
public static class FoldedLine
{
    /// <summary>
    /// Finds the trailing count. A final '\r' is ignored, so CRLF files read like LF files.
    /// Returns false when the line has no count in that form.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> stack, out ReadOnlySpan<byte> count)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        stack = default;
        count = default;

        int end = line.Length;
        int i = end;
        // Optional fraction: digits after a '.', which itself follows at least one digit.
        while (i > 0 && PerlChars.IsDigit(line[i - 1]))
            i--;
        if (i > 0 && line[i - 1] == (byte)'.')
        {
            int dot = i - 1;
            int j = dot;
            while (j > 0 && PerlChars.IsDigit(line[j - 1]))
                j--;
            if (j == dot)
            {
                // "x .5" is not a count: the integer part needs a digit. The digits after
                // the dot may still be a plain count of their own only if preceded by space,
                // which they are not (a '.' precedes them).
                return false;
            }
            i = j;
        }
        else if (i == end)
        {
            return false;
        }
        // Perl's `\d+` takes every digit run to its left too, so i is the first digit.
        if (i == 0 || !PerlChars.IsSpace(line[i - 1]))
            return false;
        stack = line[..(i - 1)];
        count = line[i..end];
        return true;
    }

}
