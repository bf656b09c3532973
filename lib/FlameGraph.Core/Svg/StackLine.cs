using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// One folded line as flamegraph.pl reads it: `stack count`, or `stack count1 count2` for a
/// differential profile (the width is count2, the delta count2 - count1). Counts beyond 2^64-1
/// (<see cref="CountLimit"/>), and negative counts, are errors rather than silently changed numbers.
/// </summary>
public static class StackLine
{
    public enum Result { Valid, Invalid }

    /// <summary>Splits and checks a line; <paramref name="where"/> names it in errors ("file:line").</summary>
    public static Result Parse(ReadOnlySpan<byte> line, in LinePlace where,
        out ReadOnlySpan<byte> stack, out PerlNumber width, out double delta)
    {
        width = default;
        delta = double.NaN;
        if (!FoldedLine.TrySplit(line, out stack, out var count))
        {
            if (HasNegativeCount(line))
                throw new StageException($"{where}: negative count");
            return Result.Invalid;
        }
        width = ParseCount(count, where);
        if (FoldedLine.TrySplit(stack, out var firstStack, out var firstCount))
        {
            double first = ParseCount(firstCount, where).AsDouble;
            delta = width.AsDouble - first;
            stack = firstStack;
        }
        return Result.Valid;
    }

    static PerlNumber ParseCount(ReadOnlySpan<byte> text, in LinePlace where) =>
        PerlNumber.TryParse(text, out var value) ? value : throw CountLimit.TooLarge(where.ToString(), text);

    /// <summary>`stack -5`: a count with a minus sign, which the Perl pattern would silently skip.</summary>
    static bool HasNegativeCount(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\r')
            line = line[..^1];
        int i = line.Length;
        while (i > 0 && (char.IsAsciiDigit((char)line[i - 1]) || line[i - 1] == '.'))
            i--;
        if (i == line.Length || i < 2 || line[i - 1] != '-' || !char.IsAsciiDigit((char)line[i]))
            return false;
        return PerlChars.IsSpace(line[i - 2]);
    }

    /// <summary>
    /// `--reverse`: the same line with its frames in reverse order (trailing empty frames
    /// dropped first, as Perl's split does) and the counts after one space.
    /// </summary>
    public static int WriteReversed(ReadOnlySpan<byte> line, Span<byte> output)
    {
        FoldedLine.TrySplit(line, out var stack, out var count);
        bool differential = FoldedLine.TrySplit(stack, out var innerStack, out var first);
        if (differential)
            stack = innerStack;
        stack = TrimTrailingSeparators(stack);
        int written = 0;
        int end = stack.Length;
        while (stack.Length > 0)
        {
            int start = stack[..end].LastIndexOf((byte)';') + 1;
            if (written > 0 || end < stack.Length)
                output[written++] = (byte)';';
            stack[start..end].CopyTo(output[written..]);
            written += end - start;
            if (start == 0)
                break;
            end = start - 1;
        }
        output[written++] = (byte)' ';
        if (differential)
        {
            first.CopyTo(output[written..]);
            written += first.Length;
            output[written++] = (byte)' ';
        }
        count.CopyTo(output[written..]);
        return written + count.Length;
    }

    /// <summary>Perl's split drops trailing empty fields: `a;b;;` has the frames a and b.</summary>
    public static ReadOnlySpan<byte> TrimTrailingSeparators(ReadOnlySpan<byte> stack) => stack.TrimEnd((byte)';');

    /// <summary>
    /// `--colors chain`: frames after each `--` separator are marked as wakers (`_[w]`), and a
    /// `--` frame is added after the first part, as flamegraph.pl does.
    /// </summary>
    public static void WriteChain(ReadOnlySpan<byte> stack, List<byte> output)
    {
        var parts = new List<byte[]>();
        var rest = stack;
        while (true)
        {
            int at = rest.IndexOf(";--;"u8);
            if (at < 0)
            {
                parts.Add(rest.ToArray());
                break;
            }
            parts.Add(rest[..at].ToArray());
            rest = rest[(at + 4)..];
        }
        // Perl's split drops trailing empty fields.
        while (parts.Count > 0 && parts[^1].Length == 0)
            parts.RemoveAt(parts.Count - 1);
        if (parts.Count > 0)
            output.AddRange(parts[0]);
        output.AddRange(";--;"u8);
        for (int p = 1; p < parts.Count; p++)
        {
            if (p > 1)
                output.AddRange(";--;"u8);
            foreach (byte b in parts[p])
            {
                if (b == ';')
                    output.AddRange("_[w];"u8);
                else
                    output.Add(b);
            }
            output.AddRange("_[w]"u8);
        }
    }
}

/// <summary>Where a line came from, for error messages: `file:line` (stdin is named "stdin").</summary>
public readonly record struct LinePlace(string Input, long Line)
{
    public override string ToString() => InputFiles.Place(Input, Line);
}
