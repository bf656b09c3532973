using FlameGraph.Internals;

namespace FlameGraph.Collapse.Dtrace;

/// <summary>
/// Turns one DTrace frame line (``module`function+offset``) into the frame names stackcollapse.pl
/// would fold, written into a caller's buffer. The rules, in the reference's order:
/// leading whitespace goes; the offset (from the last '+') goes unless offsets are kept;
/// C++ argument lists are cut at the last '(' or '&lt;' after the first "::"; an empty frame is "-";
/// the frame is split at "-&gt;" (Java inlining: parts after the first are marked "_[i]"), and in
/// each part ';' becomes ':' (';' separates frames in the output) and one leading 'L' (a Java
/// class descriptor) is dropped.
/// </summary>
static class DtraceFrame
{
    static ReadOnlySpan<byte> InlineSeparator => "->"u8;
    static ReadOnlySpan<byte> InlineMark => "_[i]"u8;
    static ReadOnlySpan<byte> ScopeSeparator => "::"u8;

    /// <summary>
    /// Appends the frame's parts, joined by ';', to <paramref name="output"/> and returns how many
    /// parts it wrote: 0 when the reference keeps nothing of the line (a frame made only of "-&gt;").
    /// </summary>
    public static int AppendTidied(ReadOnlySpan<byte> line, bool keepOffset, ByteBuffer output)
    {
        ReadOnlySpan<byte> frame = TrimLeadingSpace(line);
        if (!keepOffset)
            frame = CutAtLast(frame, (byte)'+');
        frame = CutCppArguments(frame);
        if (frame.IsEmpty)
            frame = "-"u8;

        // Perl's split drops trailing empty fields, so "a->" is one part and "->" none.
        int parts = CountFieldsBeforeTrailingEmpties(frame);
        for (int i = 0; i < parts; i++)
        {
            int next = frame.IndexOf(InlineSeparator);
            ReadOnlySpan<byte> part = next < 0 ? frame : frame[..next];
            frame = next < 0 ? default : frame[(next + InlineSeparator.Length)..];

            if (i > 0)
                output.Append((byte)';');
            if (!part.IsEmpty && part[0] == (byte)'L')
                part = part[1..];
            output.AppendReplacing(part, (byte)';', (byte)':');
            if (i > 0)
                output.Append(InlineMark);
        }
        return parts;
    }

    /// <summary>Perl's `s/^\s*//` on bytes.</summary>
    public static ReadOnlySpan<byte> TrimLeadingSpace(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && PerlChars.IsSpace(text[i]))
            i++;
        return text[i..];
    }


    /// <summary>`s/\+[^+]*$//`: everything from the last occurrence of <paramref name="mark"/> goes.</summary>
    public static ReadOnlySpan<byte> CutAtLast(ReadOnlySpan<byte> text, byte mark)
    {
        int at = text.LastIndexOf(mark);
        return at < 0 ? text : text[..at];
    }

    /// <summary>
    /// `s/(::.*)[(&lt;].*/$1/`: the match starts at the first "::" and its greedy `.*` backs off to the
    /// last '(' or '&lt;' after it, so `ns::Vec&lt;double&gt;::dot(int)` keeps `ns::Vec&lt;double&gt;::dot`.
    /// </summary>
    static ReadOnlySpan<byte> CutCppArguments(ReadOnlySpan<byte> frame)
    {
        int scope = frame.IndexOf(ScopeSeparator);
        if (scope < 0)
            return frame;
        int afterScope = scope + ScopeSeparator.Length;
        int open = frame[afterScope..].LastIndexOfAny((byte)'(', (byte)'<');
        return open < 0 ? frame : frame[..(afterScope + open)];
    }

    static int CountFieldsBeforeTrailingEmpties(ReadOnlySpan<byte> frame)
    {
        int fields = 0, kept = 0;
        while (true)
        {
            int next = frame.IndexOf(InlineSeparator);
            ReadOnlySpan<byte> field = next < 0 ? frame : frame[..next];
            fields++;
            if (!field.IsEmpty)
                kept = fields;
            if (next < 0)
                return kept;
            frame = frame[(next + InlineSeparator.Length)..];
        }
    }
}
