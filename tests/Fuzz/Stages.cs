using System.Globalization;
using System.Numerics;
using System.Text;
using System.Xml;
using FlameGraph.Collapse.Dtrace;
using FlameGraph.Collapse.Perf;
using FlameGraph.Diff;
using FlameGraph.Internals;
using FlameGraph.Svg;
using FilterOptions = FlameGraph.Filter.FoldFilterOptions;
using FilterStage = FlameGraph.Filter.FoldFilter;

namespace FlameGraph.Tests.Fuzz;

/// <summary>
/// Each tool's stage called in process on bytes, as its Program calls it. A <see cref="StageException"/>
/// is a documented outcome (the tool prints one line and exits 1 or 2) and is returned; any other
/// exception escapes and fails the property.
/// </summary>
public static class Stages
{
    public readonly record struct Outcome(byte[] Output, StageException? Error, int Status = 0)
    {
        public string Text => Encoding.UTF8.GetString(Output);
    }

    static Outcome Capture(Action<ByteWriter> run)
    {
        var output = new MemoryStream();
        try
        {
            using (var writer = new ByteWriter(output))
                run(writer);
            return new Outcome(output.ToArray(), null);
        }
        catch (StageException e)
        {
            return new Outcome(output.ToArray(), e, e is OptionsException ? 2 : 1);
        }
    }

    public static Outcome CollapsePerf(byte[] input, int threads) =>
        Capture(w => new PerfCollapser(new PerfCollapseOptions { Threads = threads })
            .Run(["input"], w, _ => new MemoryStream(input, writable: false)));

    public static Outcome CollapseDtrace(byte[] input) => Capture(w =>
        new DtraceCollapser(new DtraceCollapseOptions()).Run(["input"], w, _ => new MemoryStream(input, writable: false)));

    public static Outcome FoldFilter(byte[] input, FilterOptions options) => Capture(w =>
        new FilterStage(options).Run(["input"], w, _ => new MemoryStream(input, writable: false)));

    public static Outcome Diff(byte[] before, byte[] after, FoldedDiffOptions options) => Capture(w =>
        new FoldedDiff(options).Run("before", "after", w, name => new MemoryStream(name == "before" ? before : after, writable: false)));

    /// <summary>Status as fg-svg exits: 2 when there were no counts (the error SVG is still written).</summary>
    public static Outcome Svg(byte[] input, SvgOptions options)
    {
        int status = 0;
        var outcome = Capture(w => status = new FlameGraphRenderer(options).Run(["input"], w, _ => new MemoryStream(input, writable: false)).NoStackCounts ? 2 : 0);
        return outcome.Error is null ? outcome with { Status = status } : outcome;
    }
}

/// <summary>Reading the tools' outputs back: folded lines and their counts, SVG frames.</summary>
public static partial class Outputs
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(e\+[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex PerlNumber();

    /// <summary>
    /// Each output line's stack and counts (one or two); fails on a line that is not `stack count[ count]`
    /// with integer counts. <paramref name="perlNumbers"/> also lets a count be a number as Perl prints
    /// it (`3.5`, `1e+23`), which is read as -1.
    /// </summary>
    public static List<(byte[] Stack, BigInteger[] Counts)> FoldedLines(byte[] output, int counts, bool perlNumbers = false)
    {
        var lines = new List<(byte[], BigInteger[])>();
        if (output.Length == 0)
            return lines;
        Assert.True(output[^1] == '\n', "output ends with a newline");
        int start = 0;
        for (int i = 0; i < output.Length; i++)
        {
            if (output[i] != '\n')
                continue;
            var line = output.AsSpan(start, i - start);
            start = i + 1;
            var numbers = new BigInteger[counts];
            for (int c = counts - 1; c >= 0; c--)
            {
                int space = line.LastIndexOf((byte)' ');
                Assert.True(space >= 0, $"an output line has {counts} counts: {FuzzInputs.Show(line.ToArray())}");
                string number = Encoding.ASCII.GetString(line[(space + 1)..]);
                if (!BigInteger.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[c]))
                {
                    Assert.True(perlNumbers && PerlNumber().IsMatch(number), $"an output count is an integer: '{number}' in {FuzzInputs.Show(line.ToArray())}");
                    numbers[c] = -1;
                }
                line = line[..space];
            }
            lines.Add((line.ToArray(), numbers));
        }
        return lines;
    }

    public static BigInteger Sum(List<(byte[] Stack, BigInteger[] Counts)> lines, int column) =>
        lines.Aggregate(BigInteger.Zero, (sum, l) => sum + l.Counts[column]);

    /// <summary>Whether the stacks are in strictly increasing bytewise order (sorted, no stack twice).</summary>
    public static bool StrictlySorted(List<(byte[] Stack, BigInteger[] Counts)> lines)
    {
        for (int i = 1; i < lines.Count; i++)
            if (lines[i - 1].Stack.AsSpan().SequenceCompareTo(lines[i].Stack) >= 0)
                return false;
        return true;
    }

    /// <summary>A drawn frame: its title without the differential part, its depth and width.</summary>
    public readonly record struct Frame(string Title, string Y, string Width);

    /// <summary>Parses the SVG as XML (failing on malformed XML) and returns its frames.</summary>
    public static List<Frame> SvgFrames(byte[] svg)
    {
        var frames = new List<Frame>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(svg), settings);
        string? title = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
                continue;
            if (reader.Name == "title")
                title = reader.ReadElementContentAsString();
            if (reader.Name == "rect" && title is not null)
            {
                frames.Add(new Frame(WithoutDelta(title), reader.GetAttribute("y") ?? "", reader.GetAttribute("width") ?? ""));
                title = null;
            }
        }
        return frames;
    }

    /// <summary>`name (5 samples, 50.00%; +10.00%)` without `; +10.00%`.</summary>
    static string WithoutDelta(string title)
    {
        int semicolon = title.LastIndexOf("; ", StringComparison.Ordinal);
        return semicolon >= 0 && title.EndsWith("%)", StringComparison.Ordinal) && title.LastIndexOf(" (", StringComparison.Ordinal) < semicolon
            ? title[..semicolon] + ")"
            : title;
    }

    /// <summary>The N of the root frame's `all (N samples, 100%)`.</summary>
    public static BigInteger RootSamples(List<Frame> frames)
    {
        var all = frames.Single(f => f.Title.StartsWith("all (", StringComparison.Ordinal));
        string number = all.Title["all (".Length..all.Title.IndexOf(' ', "all (".Length)].Replace(",", "");
        return BigInteger.Parse(number, CultureInfo.InvariantCulture);
    }
}
