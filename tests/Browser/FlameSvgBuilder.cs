using System.Globalization;
using System.Security;
using System.Text;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Browser;

/// <summary>One frame as laid out by <see cref="FlameSvgBuilder"/>: position in samples and as written.</summary>
public sealed class LaidOutFrame(string name, int depth, long start, long samples, string? href)
{
    public string Name { get; } = name;
    public int Depth { get; } = depth;
    public long Start { get; } = start;
    public long Samples { get; set; } = samples;
    public string? Href { get; } = href;

    /// <summary>The rect's x and y attributes exactly as written in the markup.</summary>
    public string X { get; set; } = "";
    public string Y { get; set; } = "";
    public string Width { get; set; } = "";
    public string Title { get; set; } = "";
    public long End => Start + Samples;
}

/// <summary>
/// Writes an SVG with flamegraph.pl's structure (the markup fg-svg emits) around the project's
/// flamegraph.js, from folded stacks, so the browser tests can run before and without fg-svg.
/// Layout follows flamegraph.pl: 1200 px wide, 16 px frames, x and width to one decimal, a root
/// frame "all", stacks sorted and merged (or kept in input order for a flame chart).
/// </summary>
public sealed class FlameSvgBuilder
{
    const double ImageWidth = 1200, XPad = 10, FrameHeight = 16, FontSize = 12, FontWidth = 0.59;
    const double TopPad = FontSize * 3, BottomPad = FontSize * 2 + 10;

    public bool Inverted { get; init; }
    public bool FlameChart { get; init; }
    public bool FluidDrawing { get; init; }
    public string CountName { get; init; } = "samples";
    public string NameType { get; init; } = "Function:";

    /// <summary>Frame name to link target: those frames are wrapped in &lt;a xlink:href&gt;.</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();

    public List<LaidOutFrame> Frames { get; } = [];
    public long Total { get; private set; }

    public static string ScriptPath => Path.Combine(RepoPaths.Root, "lib", "FlameGraph.Core", "Svg", "Resources", "flamegraph.js");

    /// <summary>Lays out folded stacks ("a;b;c 12") and returns the SVG text.</summary>
    public string Build(IEnumerable<string> folded)
    {
        var stacks = folded.Select(ParseLine).ToList();
        if (!FlameChart)
            stacks.Sort((a, b) => string.CompareOrdinal(string.Join(';', a.Frames), string.Join(';', b.Frames)));
        LayOut(stacks);
        return Write();
    }

    static (string[] Frames, long Count) ParseLine(string line)
    {
        int space = line.LastIndexOf(' ');
        return (line[..space].Split(';'), long.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
    }

    // Adjacent stacks sharing a prefix extend the same frames; a difference closes the frames
    // from there on and opens new ones.
    void LayOut(List<(string[] Frames, long Count)> stacks)
    {
        Total = stacks.Sum(s => s.Count);
        var open = new List<LaidOutFrame>();
        var root = new LaidOutFrame("all", 0, 0, Total, null);
        Frames.Add(root);
        long offset = 0;
        foreach (var (names, count) in stacks)
        {
            int same = 0;
            while (same < open.Count && same < names.Length && open[same].Name == names[same])
                same++;
            open.RemoveRange(same, open.Count - same);
            foreach (var f in open)
                f.Samples += count;
            for (int i = same; i < names.Length; i++)
            {
                var frame = new LaidOutFrame(names[i], i + 1, offset, count, Links.GetValueOrDefault(names[i]));
                open.Add(frame);
                Frames.Add(frame);
            }
            offset += count;
        }
    }

    string Write()
    {
        int maxDepth = Frames.Max(f => f.Depth);
        double height = (maxDepth + 1) * FrameHeight + TopPad + BottomPad;
        double perSample = (ImageWidth - 2 * XPad) / Total;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $$"""
            <?xml version="1.0" standalone="no"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
            <svg version="1.1" width="1200" height="{{height}}" onload="init(evt)" viewBox="0 0 1200 {{height}}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
            <style type="text/css">
            	text { font-family:Verdana; font-size:12px; fill:rgb(0,0,0); }
            	#search, #ignorecase { opacity:0.1; cursor:pointer; }
            	#search:hover, #search.show, #ignorecase:hover, #ignorecase.show { opacity:1; }
            	#title { text-anchor:middle; font-size:17px}
            	#unzoom { cursor:pointer; }
            	#frames > *:hover { stroke:black; stroke-width:0.5; cursor:pointer; }
            	.hide { display:none; }
            	.parent { opacity:0.5; }
            </style>
            <script type="text/ecmascript">
            <![CDATA[
            var nametype = {{JsString(NameType)}};
            var fontsize = 12;
            var fontwidth = 0.59;
            var xpad = 10;
            var inverted = {{(Inverted ? "true" : "false")}};
            var searchcolor = "rgb(230,0,230)";
            var fluiddrawing = {{(FluidDrawing ? "true" : "false")}};
            var countname = {{JsString(CountName)}};
            var factor = 1;

            """);
        svg.Append(File.ReadAllText(ScriptPath));
        svg.Append(CultureInfo.InvariantCulture, $$"""
            ]]>
            </script>
            <rect x="0.0" y="0" width="1200.0" height="{{height}}" fill="#eeeeee"  />
            <text id="title" x="600.00" y="24" >{{(FlameChart ? "Flame Chart" : Inverted ? "Icicle Graph" : "Flame Graph")}}</text>
            <text id="details" x="10.00" y="{{height - 17}}" > </text>
            <text id="unzoom" x="10.00" y="24" class="hide">Reset Zoom</text>
            <text id="search" x="1090.00" y="24" >Search</text>
            <text id="ignorecase" x="1174.00" y="24" >ic</text>
            <text id="matched" x="1090.00" y="{{height - 17}}" > </text>
            <g id="frames">

            """);
        foreach (var f in Frames)
        {
            double x1 = XPad + f.Start * perSample, x2 = XPad + f.End * perSample;
            double y1 = Inverted ? TopPad + f.Depth * FrameHeight : height - BottomPad - (f.Depth + 1) * FrameHeight + 1;
            f.X = x1.ToString("F1", CultureInfo.InvariantCulture);
            f.Width = (x2 - x1).ToString("F1", CultureInfo.InvariantCulture);
            f.Y = y1.ToString(CultureInfo.InvariantCulture);
            string pct = f.Depth == 0 ? "100" : (100.0 * f.Samples / Total).ToString("F2", CultureInfo.InvariantCulture);
            f.Title = $"{f.Name} ({f.Samples.ToString("N0", CultureInfo.InvariantCulture)} {CountName}, {pct}%)";
            int chars = (int)((x2 - x1) / (FontSize * FontWidth));
            string label = chars < 3 ? "" : f.Name.Length <= chars ? f.Name : f.Name[..(chars - 2)] + "..";
            svg.Append(f.Href is null ? "<g >\n" : $"<a xlink:href=\"{Xml(f.Href)}\" target=\"_top\">\n");
            svg.Append(CultureInfo.InvariantCulture,
                $"<title>{Xml(f.Title)}</title><rect x=\"{f.X}\" y=\"{f.Y}\" width=\"{f.Width}\" height=\"15.0\" fill=\"rgb(230,{100 + f.Depth * 10},50)\" rx=\"2\" ry=\"2\" />\n");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text  x=\"{(x1 + 3).ToString("F2", CultureInfo.InvariantCulture)}\" y=\"{y1 + 10.5}\" >{Xml(label)}</text>\n");
            svg.Append(f.Href is null ? "</g>\n" : "</a>\n");
        }
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    public LaidOutFrame Frame(string name, int occurrence = 0) => Frames.Where(f => f.Name == name).ElementAt(occurrence);

    static string Xml(string s) => SecurityElement.Escape(s);

    static string JsString(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
