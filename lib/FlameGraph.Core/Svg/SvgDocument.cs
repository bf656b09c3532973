using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// The parts of the SVG around the frames, as flamegraph.pl writes them (same elements, ids,
/// attributes and spacing), except that every piece of user text is XML-escaped and the
/// script is our own, configured by one line per setting.
/// </summary>
public static class SvgDocument
{
    public const int XPad = 10;

    public static void WriteHeader(ByteWriter output, SvgOptions options, double height)
    {
        output.Write("<?xml version=\"1.0\""u8);
        if (options.Encoding is not null)
        {
            output.Write(" encoding=\""u8);
            XmlText.Write(output, options.Encoding);
            output.Write((byte)'"');
        }
        output.Write(" standalone=\"no\"?>\n"u8);
        output.Write("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"u8);
        output.Write("<svg version=\"1.1\" width=\""u8);
        output.Write(options.ImageWidth);
        output.Write("\" height=\""u8);
        NumberText.WritePerl(output, height);
        output.Write("\" onload=\"init(evt)\" viewBox=\"0 0 "u8);
        output.Write(options.ImageWidth);
        output.Write((byte)' ');
        NumberText.WritePerl(output, height);
        output.Write("\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"u8);
        output.Write("<!-- Flame graph stack visualization. See https://github.com/brendangregg/FlameGraph for latest version, and http://www.brendangregg.com/flamegraphs.html for examples. -->\n"u8);
        output.Write("<!-- NOTES: "u8);
        output.Write(XmlText.Comment(options.Notes));
        output.Write(" -->\n"u8);
    }

    /// <summary>The document flamegraph.pl writes when there is nothing to draw.</summary>
    public static void WriteError(ByteWriter output, SvgOptions options)
    {
        WriteHeader(output, options, options.FontSize * 5);
        output.Write("<text  x=\""u8);
        NumberText.WriteFixed(output, options.ImageWidth / 2, 2);
        output.Write("\" y=\""u8);
        NumberText.WritePerl(output, options.FontSize * 2);
        output.Write("\" >ERROR: No valid input provided to flamegraph.pl.</text>\n</svg>\n"u8);
    }

    public static void WriteDefinitions(ByteWriter output, SvgOptions options, (string Top, string Bottom) background)
    {
        output.Write("<defs>\n\t<linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\" >\n\t\t<stop stop-color=\""u8);
        XmlText.Write(output, background.Top);
        output.Write("\" offset=\"5%\" />\n\t\t<stop stop-color=\""u8);
        XmlText.Write(output, background.Bottom);
        output.Write("\" offset=\"95%\" />\n\t</linearGradient>\n</defs>\n"u8);
        output.Write("<style type=\"text/css\">\n\ttext { font-family:"u8);
        XmlText.Write(output, options.FontType);
        output.Write("; font-size:"u8);
        NumberText.WritePerl(output, options.FontSize);
        output.Write("px; fill:rgb(0,0,0); }\n"u8);
        output.Write("\t#search, #ignorecase { opacity:0.1; cursor:pointer; }\n"u8);
        output.Write("\t#search:hover, #search.show, #ignorecase:hover, #ignorecase.show { opacity:1; }\n"u8);
        output.Write("\t#subtitle { text-anchor:middle; font-color:rgb(160,160,160); }\n"u8);
        output.Write("\t#title { text-anchor:middle; font-size:"u8);
        NumberText.WritePerl(output, options.FontSize + 5);
        output.Write("px}\n"u8);
        output.Write("\t#unzoom { cursor:pointer; }\n"u8);
        output.Write("\t#frames > *:hover { stroke:black; stroke-width:0.5; cursor:pointer; }\n"u8);
        output.Write("\t.hide { display:none; }\n"u8);
        output.Write("\t.parent { opacity:0.5; }\n"u8);
        if (options.StrokeColor is { } stroke)
        {
            output.Write("\t#frames > * > rect { stroke:"u8);
            XmlText.Write(output, stroke);
            output.Write("; stroke-width:1; }\n"u8);
        }
        if (options.UiColor is { } ui)
        {
            output.Write("\t#title, #subtitle, #details, #unzoom, #search, #ignorecase, #matched { fill:"u8);
            XmlText.Write(output, ui);
            output.Write("; }\n"u8);
        }
        output.Write("</style>\n"u8);
    }

    /// <summary>
    /// The script: one `var` line per setting, then flamegraph.js. Setting strings are JavaScript
    /// string literals in which '&gt;' is escaped, so the CDATA section cannot be closed early.
    /// </summary>
    public static void WriteScript(ByteWriter output, SvgOptions options)
    {
        var config = new StringBuilder();
        config.Append("var nametype = ").Append(XmlText.JsString(options.NameType)).Append(";\n");
        config.Append("var fontsize = ").Append(NumberText.Perl(options.FontSize)).Append(";\n");
        config.Append("var fontwidth = ").Append(NumberText.Perl(options.FontWidth)).Append(";\n");
        config.Append("var xpad = ").Append(XPad).Append(";\n");
        config.Append("var inverted = ").Append(options.Inverted ? "true" : "false").Append(";\n");
        config.Append("var searchcolor = ").Append(XmlText.JsString(RgbOf(options.SearchColor))).Append(";\n");
        config.Append("var fluiddrawing = false;\n");
        config.Append("var countname = ").Append(XmlText.JsString(options.CountName)).Append(";\n");
        config.Append("var factor = ").Append(NumberText.Perl(options.Factor)).Append(";\n");
        output.Write("<script type=\"text/ecmascript\"><![CDATA[\n"u8);
        output.Write(config.ToString());
        string script = Script.Value;
        output.Write(script.Replace("]]>", "]]]]><![CDATA[>"));
        if (!script.EndsWith('\n'))
            output.Write((byte)'\n');
        output.Write("]]>\n</script>\n"u8);
    }

    static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(SvgDocument).Assembly.GetManifestResourceStream("flamegraph.js")
            ?? throw new StageException("internal error: the embedded flamegraph.js is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>#rrggbb as rgb(r,g,b), the form the script compares fills with.</summary>
    public static string RgbOf(string hex)
    {
        int r = Convert.ToInt32(hex.Substring(1, 2), 16), g = Convert.ToInt32(hex.Substring(3, 2), 16), b = Convert.ToInt32(hex.Substring(5, 2), 16);
        return $"rgb({r},{g},{b})";
    }

    /// <summary>Background, title, subtitle, details line, buttons and the frames group's start.</summary>
    public static void WriteControls(ByteWriter output, SvgOptions options, string title, double height, double ypad2)
    {
        output.Write("<rect x=\"0.0\" y=\"0\" width=\""u8);
        NumberText.WriteFixed(output, options.ImageWidth, 1);
        output.Write("\" height=\""u8);
        NumberText.WriteFixed(output, height, 1);
        output.Write("\" fill=\"url(#background)\"  />\n"u8);
        double top = options.FontSize * 2;
        double bottom = height - ypad2 / 2;
        int middle = options.ImageWidth / 2;
        WriteText(output, "title"u8, middle, top, title, ""u8);
        if (options.Subtitle.Length > 0)
            WriteText(output, "subtitle"u8, middle, options.FontSize * 4, options.Subtitle, ""u8);
        WriteText(output, "details"u8, XPad, bottom, " ", ""u8);
        WriteText(output, "unzoom"u8, XPad, top, "Reset Zoom", "class=\"hide\""u8);
        WriteText(output, "search"u8, options.ImageWidth - XPad - 100, top, "Search", ""u8);
        WriteText(output, "ignorecase"u8, options.ImageWidth - XPad - 16, top, "ic", ""u8);
        WriteText(output, "matched"u8, options.ImageWidth - XPad - 100, bottom, " ", ""u8);
        output.Write("<g id=\"frames\">\n"u8);
    }

    static void WriteText(ByteWriter output, ReadOnlySpan<byte> id, double x, double y, string text, ReadOnlySpan<byte> extra)
    {
        output.Write("<text id=\""u8);
        output.Write(id);
        output.Write("\" x=\""u8);
        NumberText.WriteFixed(output, x, 2);
        output.Write("\" y=\""u8);
        NumberText.WritePerl(output, y);
        output.Write("\" "u8);
        output.Write(extra);
        output.Write((byte)'>');
        XmlText.Write(output, text, quotes: false);
        output.Write("</text>\n"u8);
    }

    public static void WriteEnd(ByteWriter output) => output.Write("</g>\n</svg>\n"u8);
}
