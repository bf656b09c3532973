using System.Text;
using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Text made safe for the SVG: XML escaping for element text and attribute values, JSON-style
/// string literals for the script's configuration. Control characters that XML 1.0 cannot
/// hold at all are replaced by U+FFFD so the document always parses.
/// </summary>
public static class XmlText
{
    static ReadOnlySpan<byte> Replacement => "\uFFFD"u8;

    /// <summary>Escapes &amp;, &lt;, &gt; and, when <paramref name="quotes"/>, the double quote.</summary>
    public static void Write(ByteWriter output, ReadOnlySpan<byte> text, bool quotes = true)
    {
        while (true)
        {
            int special = IndexOfSpecial(text, quotes);
            if (special < 0)
            {
                output.Write(text);
                return;
            }
            output.Write(text[..special]);
            output.Write(Entity(text[special]));
            text = text[(special + 1)..];
        }
    }

    public static void Write(ByteWriter output, string text, bool quotes = true) =>
        Write(output, Encoding.UTF8.GetBytes(text), quotes);

    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    static int IndexOfSpecial(ReadOnlySpan<byte> text, bool quotes)
    {
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b == '&' || b == '<' || b == '>' || (quotes && b == '"') || (b < 0x20 && b != '\t'))
                return i;
        }
        return -1;
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
    /// \u003c \u003e \u0026, so "]]&gt;" or "&lt;/script" can never appear inside the CDATA block.
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
                case '<' or '>' or '&' or '\u2028' or '\u2029':
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
