using System.Text;
using System.Xml.Linq;
using FlameGraph.Svg;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Svg;

/// <summary>fg-svg on inputs the corpus does not cover: hostile names, bad lines, CRLF, pipes, errors.</summary>
public class SvgBehaviourTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The built tool, for what only the command line does (exit status, stderr, option parsing).</summary>
    static ToolResult Run(string stdin, params string[] args) =>
        ToolProcess.Run("fg-svg", args, Encoding.UTF8.GetBytes(stdin));

    /// <summary>The renderer in process, on stdin text, with options as fg-svg's command line sets them.</summary>
    static StageResult Render(string stdin, SvgOptions options) =>
        StageRun.Run(new FlameGraphRenderer(options).Run, stdin);

    static List<string> Titles(string svg) =>
        SvgComparison.Parse(svg).Root!.Elements(Svg + "g").First(e => (string?)e.Attribute("id") == "frames")
            .Elements().Select(f => f.Element(Svg + "title")!.Value).ToList();

    [Fact]
    public void Hostile_names_and_texts_give_well_formed_xml()
    {
        const string scriptName = "</text><script>alert(1)</script>";
        const string attributeName = "\" onload=\"alert(1)";
        string input = $"main;{scriptName} 60\nmain;{attributeName} 40\n";
        var result = Render(input, new SvgOptions
        {
            Title = "<b>&\"T\"</b>",
            Subtitle = "a]]>b",
            CountName = "<c>",
            NameType = "\"]]></script>",
            Notes = "x -- & y",
        });

        var doc = SvgComparison.Parse(result.Text); // throws if not well-formed
        var titles = Titles(result.Text);
        Assert.Contains($"{scriptName} (60 <c>, 60.00%)", titles);
        Assert.Contains($"{attributeName} (40 <c>, 40.00%)", titles);
        Assert.Equal("<b>&\"T\"</b>", doc.Root!.Elements().First(e => (string?)e.Attribute("id") == "title").Value);
        Assert.Equal("a]]>b", doc.Root!.Elements().First(e => (string?)e.Attribute("id") == "subtitle").Value);
        Assert.Empty(doc.Root!.Elements(Svg + "script").Elements());
        // The name stays text: the only onload attribute is the root's own.
        Assert.Single(doc.Descendants(), e => e.Attribute("onload") is not null);
    }

    [Fact]
    public void Script_starts_with_one_configuration_line_per_setting()
    {
        var result = Render("a;b 3\n",
            new SvgOptions { NameType = "Sym>bol:", FontSize = 10, Inverted = true, CountName = "bytes", Factor = 0.5 });
        string text = result.Text;
        int start = text.IndexOf("<script type=\"text/ecmascript\"><![CDATA[\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "script element as agreed");
        var lines = text[start..].Split('\n').Skip(1).Take(9).ToArray();
        Assert.Equal(
        [
            "var nametype = \"Sym\\u003ebol:\";",
            "var fontsize = 10;",
            "var fontwidth = 0.59;",
            "var xpad = 10;",
            "var inverted = true;",
            "var searchcolor = \"rgb(230,0,230)\";",
            "var fluiddrawing = false;",
            "var countname = \"bytes\";",
            "var factor = 0.5;",
        ], lines);
        Assert.Contains("function init(evt)", text);
        Assert.Contains("]]>\n</script>\n", text);
        Assert.Contains("onload=\"init(evt)\"", text);
    }

    [Fact]
    public void Invalid_lines_are_skipped_and_counted()
    {
        var result = Render("a;b 5\nno count here\na;c 5\n\n", new SvgOptions { CountName = "bytes" });
        Assert.Contains("Ignored 2 lines with invalid format", result.Warnings);
        Assert.Equal(["a (10 bytes, 100.00%)", "all (10 bytes, 100%)", "b (5 bytes, 50.00%)", "c (5 bytes, 50.00%)"],
            Titles(result.Text).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Crlf_input_reads_like_lf_input()
    {
        var options = new SvgOptions { ColorMode = ColorMode.Hash };
        var lf = Render("a;b 5\na;c 7\n", options);
        var crlf = Render("a;b 5\r\na;c 7\r\n", options);
        Assert.DoesNotContain(crlf.Warnings, w => w.Contains("Ignored"));
        Assert.Equal(lf.Text, crlf.Text);
    }

    [Fact]
    public void Empty_input_gives_the_error_svg_and_status_2()
    {
        var result = Run("");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ERROR: No stack counts found", result.Stderr);
        Assert.Contains(">ERROR: No valid input provided to flamegraph.pl.</text>", result.StdoutText);
        SvgComparison.Parse(result.StdoutText);
    }

    [Fact]
    public void A_count_too_large_for_64_bits_is_an_error_naming_the_line()
    {
        var result = Run("a;b 5\na;c 99999999999999999999\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-svg: stdin:2: count 99999999999999999999 does not fit in 64 bits (the largest is 18446744073709551615)\n", result.Stderr.Replace("\r", ""));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_total_too_large_for_64_bits_is_an_error_naming_the_line()
    {
        var result = Run("a 10000000000000000000\nb 10000000000000000000\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-svg: stdin:2: the counts add up to more than 18446744073709551615\n", result.Stderr);
    }

    [Fact]
    public void A_negative_count_is_an_error_naming_file_and_line()
    {
        using var scratch = new ScratchDirectory("fg-svg-");
        string file = scratch.Write("neg.folded", "a;b 5\na;c 3\na;d -4\n");
        var result = ToolProcess.Run("fg-svg", [file]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"fg-svg: {file}:3: negative count\n", result.Stderr);
    }

    [Fact]
    public void Unsorted_input_from_a_pipe_or_a_file_gives_the_same_graph_as_sorted_input()
    {
        string unsorted = "b;x 3\na;y 2\nb;x 4\na 1\n";
        string sorted = string.Join("\n", unsorted.TrimEnd('\n').Split('\n').Order(StringComparer.Ordinal)) + "\n";
        using var scratch = new ScratchDirectory("fg-svg-");
        string file = scratch.Write("unsorted.folded", unsorted);

        var fromSorted = Run(sorted, "--hash");
        var fromPipe = Run(unsorted, "--hash");
        var fromFile = ToolProcess.Run("fg-svg", ["--hash", file]);

        Assert.Equal(fromSorted.StdoutText, fromPipe.StdoutText);
        Assert.Equal(fromSorted.StdoutText, fromFile.StdoutText);
        Assert.Contains("b (7 samples, 70.00%)", Titles(fromFile.StdoutText));
    }

    [Fact]
    public void Several_files_are_merged()
    {
        var result = StageRun.Run(new FlameGraphRenderer(new SvgOptions()).Run,
            ("one.folded", "a;b 5\n"), ("two.folded", "a;b 7\na;c 1\n"));
        Assert.Contains("b (12 samples, 92.31%)", Titles(result.Text));
    }

    [Fact]
    public void No_sort_rejects_unsorted_input()
    {
        var result = Run("b 1\na 1\n", "--no-sort");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stdin:2: unsorted input lines detected", result.Stderr);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var result = Run("a 1\n", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unrecognized option '--no-such-option'", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Unknown_background_is_a_usage_error()
    {
        var result = Run("a 1\n", "--bgcolors", "pink");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("fg-svg: ", result.Stderr);
    }

    [Theory]
    [InlineData("rust", "std::io::read", 190, 255, 90, 155, 0, 0)]      // orange
    [InlineData("rust", "myapp::parse", 50, 110, 165, 220, 165, 220)]  // aqua
    [InlineData("python", "/usr/lib/python3/site-packages/x.py:f", 50, 110, 165, 220, 165, 220)] // aqua
    [InlineData("python", "<built-in method sleep>", 175, 230, 175, 230, 50, 70)] // yellow
    public void Inferno_palettes_pick_the_family_from_the_name(string palette, string name, int rMin, int rMax, int gMin, int gMax, int bMin, int bMax)
    {
        var result = Render($"{name} 100\n", new SvgOptions { Colors = palette, ColorMode = ColorMode.Fnv });
        var doc = SvgComparison.Parse(result.Text);
        var frame = doc.Root!.Elements(Svg + "g").First(e => (string?)e.Attribute("id") == "frames")
            .Elements().First(f => f.Element(Svg + "title")!.Value.StartsWith(name));
        var rgb = ((string)frame.Element(Svg + "rect")!.Attribute("fill")!)[4..^1].Split(',').Select(int.Parse).ToArray();
        Assert.InRange(rgb[0], rMin, rMax);
        Assert.InRange(rgb[1], gMin, gMax);
        Assert.InRange(rgb[2], bMin, bMax);
    }

    [Fact]
    public void Deterministic_colours_are_the_same_on_every_run_and_by_name()
    {
        var options = new SvgOptions { ColorMode = ColorMode.Fnv };
        var first = Render("a;f 5\nb;f 5\n", options);
        var second = Render("a;f 5\nb;f 5\n", options);
        Assert.Equal(first.Text, second.Text);
        var doc = SvgComparison.Parse(first.Text);
        var fills = doc.Descendants(Svg + "g").Where(g => g.Element(Svg + "title")?.Value.StartsWith("f (") == true)
            .Select(g => (string)g.Element(Svg + "rect")!.Attribute("fill")!).Distinct().ToList();
        Assert.Single(fills);
    }

    [Fact]
    public void Stroke_and_ui_colours_add_css_rules()
    {
        var result = Render("a 1\n", new SvgOptions { StrokeColor = "#112233", UiColor = "#445566" });
        var style = SvgComparison.Parse(result.Text).Root!.Element(Svg + "style")!.Value;
        Assert.Contains("stroke:#112233", style);
        Assert.Contains("fill:#445566", style);
    }
}
