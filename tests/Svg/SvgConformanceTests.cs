using System.Xml.Linq;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Svg;

/// <summary>
/// fg-svg against every flamegraph.pl SVG in the corpus: run with exactly the recorded command
/// line in a copy of the case directory, then compare the parsed documents. Frames are compared
/// as a multiset (flamegraph.pl writes them in hash order); everything else must be identical,
/// except the script's content, which is our own.
/// </summary>
public class SvgConformanceTests
{
    public static TheoryData<string, string> Cases() => Corpus.ExpectedCases("svg", ".svg");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_flamegraph_pl(string expectedFile, string command)
    {
        string caseDir = Path.GetDirectoryName(Corpus.PathOf(expectedFile))!;
        var reference = ManifestCommand.Parse(command);
        Assert.Equal("flamegraph.pl", reference.Program);
        string set = Path.GetFileNameWithoutExtension(expectedFile)["expected-".Length..];

        using var work = CopyCase(caseDir, keepPaletteMap: set != "cp-nomap");
        var result = ToolProcess.Run("fg-svg", reference.Arguments, workingDirectory: work.Path);
        string expected = File.ReadAllText(Corpus.PathOf(expectedFile));

        if (Path.GetFileName(caseDir) == "empty")
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("ERROR: No stack counts found", result.Stderr);
            Assert.Equal(expected, result.StdoutText);
            return;
        }
        Assert.True(result.ExitCode == 0, result.Stderr);
        SvgComparison.AssertEquivalent(expected, result.StdoutText);

        if (set.StartsWith("cp"))
        {
            string expectedMap = Path.Combine(caseDir, $"expected-{set}.palette.map");
            Assert.Equal(File.ReadAllText(expectedMap), File.ReadAllText(work.PathOf("palette.map")));
        }
    }

    /// <summary>The case's inputs in a fresh directory (--cp rewrites palette.map where it runs).</summary>
    static ScratchDirectory CopyCase(string caseDir, bool keepPaletteMap)
    {
        var work = new ScratchDirectory("fg-svg-case-");
        foreach (var file in Directory.GetFiles(caseDir))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith("expected") || (!keepPaletteMap && name == "palette.map"))
                continue;
            File.Copy(file, work.PathOf(name));
        }
        return work;
    }
}

/// <summary>Compares two flame graph SVGs as parsed XML: frames as a multiset, the rest exactly.</summary>
public static class SvgComparison
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static XDocument Parse(string svg) =>
        XDocument.Parse(svg, LoadOptions.PreserveWhitespace);

    public static void AssertEquivalent(string expectedSvg, string actualSvg)
    {
        var expected = Parse(expectedSvg);
        var actual = Parse(actualSvg);

        Assert.Equal(Declaration(expectedSvg), Declaration(actualSvg));
        Assert.Equal(Attributes(expected.Root!), Attributes(actual.Root!));
        Assert.Equal(Comments(expected), Comments(actual));
        Assert.Equal(Describe(expected.Root!.Element(Svg + "defs")), Describe(actual.Root!.Element(Svg + "defs")));
        Assert.Equal(expected.Root!.Element(Svg + "style")?.Value, actual.Root!.Element(Svg + "style")?.Value);
        Assert.Equal(Describe(BackgroundRect(expected)), Describe(BackgroundRect(actual)));
        foreach (var id in new[] { "title", "subtitle", "details", "unzoom", "search", "ignorecase", "matched" })
            Assert.Equal(Describe(ById(expected, id)), Describe(ById(actual, id)));

        var expectedFrames = Frames(expected);
        var actualFrames = Frames(actual);
        Assert.Equal(expectedFrames.Count, actualFrames.Count);
        var missing = expectedFrames.GroupBy(f => f).Select(g => (Frame: g.Key, Count: g.Count()))
            .Where(e => actualFrames.Count(a => a == e.Frame) != e.Count)
            .Select(e => e.Frame).Take(3).ToList();
        Assert.True(missing.Count == 0, "frames differ, for example:\n" + string.Join("\n", missing));
    }

    static string Declaration(string svg) => svg[..(svg.IndexOf("?>", StringComparison.Ordinal) + 2)];

    static string Attributes(XElement e) => string.Join(" ", e.Attributes().Select(a => $"{a.Name}={a.Value}"));

    static string Comments(XDocument doc) => string.Join("\n", doc.Root!.Nodes().OfType<XComment>().Select(c => c.Value));

    static XElement? BackgroundRect(XDocument doc) => doc.Root!.Elements(Svg + "rect").FirstOrDefault();

    static XElement? ById(XDocument doc, string id) => doc.Root!.Elements().FirstOrDefault(e => (string?)e.Attribute("id") == id);

    /// <summary>An element's name, attributes and text, recursively, as one comparable string.</summary>
    public static string Describe(XElement? e) => e is null ? "(absent)"
        : $"<{e.Name.LocalName} {Attributes(e)}>{string.Concat(e.Nodes().Select(n => n is XElement c ? Describe(c) : n is XText t ? t.Value : ""))}</>";

    /// <summary>Each frame: its element (g or a, with attributes), title, rect and label text, as one string.</summary>
    public static List<string> Frames(XDocument doc)
    {
        var group = doc.Root!.Elements(Svg + "g").First(e => (string?)e.Attribute("id") == "frames");
        return group.Elements().Select(frame =>
        {
            var rect = frame.Element(Svg + "rect")!;
            var text = frame.Element(Svg + "text")!;
            return $"{frame.Name.LocalName}[{Attributes(frame)}] title={frame.Element(Svg + "title")?.Value} "
                + $"rect[{Attributes(rect)}] text[{Attributes(text)}]={text.Value}";
        }).ToList();
    }
}
