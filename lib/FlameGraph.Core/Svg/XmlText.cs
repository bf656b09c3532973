using System.Buffers;
using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Text made safe for the SVG: XML escaping for element text and attribute values, JSON-style
/// string literals for the script's configuration. Whatever XML 1.0 cannot hold at all (control
/// characters, U+FFFE and U+FFFF, and bytes that are not UTF-8) is replaced by U+FFFD, one for
/// each character or each maximal invalid sequence, so the document always parses. Valid text is
/// written unchanged, as flamegraph.pl writes it.
/// </summary>
public static class XmlText
{
    static ReadOnlySpan<byte> Replacement => "\uFFFD"u8;

    // Bytes that need a look: markup, control characters (tab aside) and every non-ASCII byte.
    static readonly SearchValues<byte> Special = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b != '\t').Select(b => (byte)b), (byte)'&', (byte)'<', (byte)'>',
         .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);
    static readonly SearchValues<byte> SpecialWithQuote = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b != '\t').Select(b => (byte)b), (byte)'&', (byte)'<', (byte)'>', (byte)'"',
         .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    /// <summary>Escapes &amp;, &lt;, &gt; and, when <paramref name="quotes"/>, the double quote.</summary>
    public static void Write(ByteWriter output, ReadOnlySpan<byte> text, bool quotes = true)
    {
        var special = quotes ? SpecialWithQuote : Special;
        while (true)
        {
            int at = text.IndexOfAny(special);
            if (at < 0)
            {
                output.Write(text);
                return;
            }
            output.Write(text[..at]);
            text = text[at..];
            if (text[0] < 0x80)
            {
                output.Write(Entity(text[0]));
                text = text[1..];
                continue;
            }
            int used = ValidCharacterLength(text);
            output.Write(used > 0 ? text[..used] : Replacement);
            text = text[Math.Max(used, -used)..];
        }
    }

    /// <summary>
    /// The length of the UTF-8 character <paramref name="text"/> starts with, when XML allows it;
    /// otherwise minus the length of what one U+FFFD replaces (an invalid sequence, or the character).
    /// </summary>
    public static int ValidCharacterLength(ReadOnlySpan<byte> text)
    {
        var status = Rune.DecodeFromUtf8(text, out var rune, out int used);
        return status == OperationStatus.Done && IsXmlCharacter(rune.Value) ? used : -used;
    }

    /// <summary>XML 1.0's Char production (surrogates cannot be a decoded rune).</summary>
    static bool IsXmlCharacter(int c) =>
        c is 0x9 or 0xA or 0xD || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);

    public static void Write(ByteWriter output, string text, bool quotes = true) =>
        Write(output, Encoding.UTF8.GetBytes(text), quotes);

    public static string Escape(string text) =>
        WithoutForbidden(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>
    /// Text for inside an XML comment, escaped as <see cref="Escape"/> does: "--" may not
    /// appear there, so each such pair gets a space between its dashes.
    /// </summary>
    public static string Comment(string text)
    {
        string escaped = Escape(text);
        while (escaped.Contains("--"))
            escaped = escaped.Replace("--", "- -");
        return escaped;
    }

    /// <summary>The string with what XML cannot hold (as for bytes, plus lone surrogates) replaced by U+FFFD.</summary>
    static string WithoutForbidden(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.AsSpan().ContainsAnyInRange('\ud800', '\udfff')
            && !text.AsSpan().ContainsAny('\ufffe', '\uffff'))
            return text;
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            sb.Append(rune.Value == '\t' || (rune.Value >= 0x20 && IsXmlCharacter(rune.Value)) ? rune.ToString() : "\uFFFD");
        return sb.ToString();
    }

    static ReadOnlySpan<byte> Entity(byte b) => b switch
    {
        (byte)'&' => "&amp;"u8,
        (byte)'<' => "&lt;"u8,
        (byte)'>' => "&gt;"u8,
        (byte)'"' => "&quot;"u8,
        _ => Replacement,
    };

    /// <summary>
    /// A double-quoted JavaScript string literal. Besides JSON's escapes, &lt; &gt; &amp; are written as
    /// \u003c \u003e \u0026, so "]]&gt;" or "&lt;/script" can never appear inside the CDATA block, and
    /// U+FFFE and U+FFFF, which XML cannot hold, as \ufffe and \uffff.
    /// </summary>
    public static string JsString(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or '\ufffe' or '\uffff':
                    sb.Append("\\u").Append(((int)c).ToString("x4"));
                    break;
                default:
                    if (c < 0x20)
                        sb.Append("\\u").Append(((int)c).ToString("x4"));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
