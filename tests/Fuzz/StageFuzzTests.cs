using System.Numerics;
using System.Text;
using CsCheck;
using FlameGraph.Diff;
using FlameGraph.Svg;
using FilterOptions = FlameGraph.Filter.FoldFilterOptions;

namespace FlameGraph.Tests.Fuzz;

/// <summary>
/// Properties of every stage over generated, damaged and random inputs, called in process:
/// nothing escapes but the one-line errors the tools print, counts are neither lost nor made up,
/// outputs read back as what they claim to be. See <see cref="FuzzRun"/> for seeds and duration.
/// </summary>
public partial class StageFuzzTests
{
    static StageFuzzTests()
    {
        // The stages' warnings ("Stack count is low") would flood the test log.
        Console.SetError(TextWriter.Null);
    }

    static string Show(byte[] bytes) => FuzzInputs.Show(bytes);

    [Fact]
    public void Perf_collapse_gives_the_same_output_on_one_thread_and_on_two()
    {
        FuzzRun.Check(FuzzInputs.AnyPerf, input =>
        {
            var one = Stages.CollapsePerf(input, threads: 1);
            var two = Stages.CollapsePerf(input, threads: 2);
            Assert.Equal(one.Error?.Message, two.Error?.Message);
            Assert.Equal(one.Text, two.Text);
            if (one.Error is null)
                Assert.True(Outputs.StrictlySorted(Outputs.FoldedLines(one.Output, 1, perlNumbers: true)), "output sorted, each stack once");
        }, Show, cases: 150);
    }

    [Fact]
    public void Perf_collapse_counts_every_period()
    {
        FuzzRun.Check(FuzzInputs.Perf, doc =>
        {
            var outcome = Stages.CollapsePerf(doc.Text, threads: 2);
            if (BeyondCounts(doc.PeriodTotal) && outcome.Error is not null)
                return; // the documented error: counts are exact up to 2^64-1
            Assert.Null(outcome.Error);
            Assert.Equal(doc.PeriodTotal, Outputs.Sum(Outputs.FoldedLines(outcome.Output, 1), 0));
        }, d => Show(d.Text), cases: 150);
    }

    [Fact]
    public void Dtrace_collapse_reads_any_input()
    {
        FuzzRun.Check(FuzzInputs.AnyDtrace, input =>
        {
            var outcome = Stages.CollapseDtrace(input);
            if (outcome.Error is null)
                Assert.True(Outputs.StrictlySorted(Outputs.FoldedLines(outcome.Output, 1, perlNumbers: true)), "output sorted, each stack once");
        }, Show, cases: 150);
    }

    [Fact]
    public void Dtrace_collapse_counts_every_count()
    {
        FuzzRun.Check(FuzzInputs.Dtrace, doc =>
        {
            var outcome = Stages.CollapseDtrace(doc.Text);
            Assert.Null(outcome.Error);
            // Beyond 64 bits Perl adds in floating point and prints `1.2e+19`, and so does the tool.
            if (doc.CountTotal > long.MaxValue)
                return;
            Assert.Equal(doc.CountTotal, Outputs.Sum(Outputs.FoldedLines(outcome.Output, 1), 0));
        }, d => Show(d.Text), cases: 150);
    }

    static readonly Gen<FilterOptions> FilterModes = Gen.OneOf(
        new FilterOptions(),
        new FilterOptions { CollapseRecursion = true },
        new FilterOptions { SkipAfter = ["main", "0x1"] },
        new FilterOptions { Demangle = true });

    static string ShowMode(FilterOptions o) =>
        $"recursion={o.CollapseRecursion} skip-after=[{string.Join(",", o.SkipAfter)}] demangle={o.Demangle}";

    [Fact]
    public void Fold_filter_reads_any_input_and_gives_the_same_output_run_on_its_own_output()
    {
        var modes = Gen.OneOf(new FilterOptions(), new FilterOptions { CollapseRecursion = true });
        FuzzRun.Check(Gen.Select(FuzzInputs.AnyFolded, modes), t =>
        {
            var (input, mode) = t;
            var once = Stages.FoldFilter(input, mode);
            if (once.Error is { } error)
            {
                // The only error: counts beyond 2^64-1, or adding up beyond it.
                Assert.Matches("does not fit in 64 bits|add up to more than", error.Message);
                return;
            }
            // A fractional count may print in exponent form (Perl's %.15g), which no folded reader
            // takes as a count (Perl's neither).
            if (Encoding.ASCII.GetString(once.Output).Contains("e+", StringComparison.Ordinal))
                return;
            // A stack whose last frame ends in a number (`a 4` from `a 4;`, whose empty last frame
            // --collapse-recursion drops as Perl's split does) reads back as a second count once it
            // is printed: then the output, read again, is differential. The format cannot say
            // otherwise, so such an output is read again only when every line is plainly
            // `stack first second` (a differential output), whose rereading changes nothing.
            var lines = Lines(once.Output).ToList();
            if (lines.Any(l => EndsInTwoCounts().IsMatch(l)) && !lines.All(l => PlainTwoCounts().IsMatch(l)))
                return;
            var twice = Stages.FoldFilter(once.Output, mode);
            Assert.Null(twice.Error);
            var expected = once.Output;
            // --collapse-recursion drops the stacks "" and "0" (false in Perl, as in
            // stackcollapse-recursive.pl), and `;` becomes "" on the first run: gone on the second.
            if (mode.CollapseRecursion)
                expected = [.. Lines(once.Output).Where(l => !PerlFalseStack().IsMatch(l)).SelectMany(l => Encoding.Latin1.GetBytes(l + "\n"))];
            Assert.Equal(Show(expected), Show(twice.Output));
        }, t => ShowMode(t.Item2) + "\n" + Show(t.Item1), cases: 150);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[ \t\v\f\r]\d+(\.\d*)? \d+(\.\d*)?$")]
    private static partial System.Text.RegularExpressions.Regex EndsInTwoCounts();

    [System.Text.RegularExpressions.GeneratedRegex(@" \d+(\.\d*)? \d+(\.\d*)?$")]
    private static partial System.Text.RegularExpressions.Regex PlainTwoCounts();

    static IEnumerable<string> Lines(byte[] text) => Encoding.Latin1.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Fold_filter_keeps_the_sum_of_the_counts()
    {
        var docs = Gen.Frequency((3, FuzzInputs.Folded), (1, FuzzInputs.Differential));
        FuzzRun.Check(Gen.Select(docs, FilterModes), t =>
        {
            var (doc, mode) = t;
            // --collapse-recursion drops the empty stack, as stackcollapse-recursive.pl does.
            if (mode.CollapseRecursion)
                doc = doc with { Rows = [.. doc.Rows.Where(r => r.Stack.Length > 0)] };
            var outcome = Stages.FoldFilter(doc.Text, mode);
            if ((BeyondCounts(Total(doc, first: true)) || BeyondCounts(doc.WidthTotal)) && outcome.Error is not null)
                return; // the documented error: counts are exact up to 2^64-1
            Assert.Null(outcome.Error);
            var lines = Outputs.FoldedLines(outcome.Output, doc.IsDifferential ? 2 : 1);
            Assert.Equal(Total(doc, first: true), Outputs.Sum(lines, 0));
            if (doc.IsDifferential)
                Assert.Equal(doc.WidthTotal, Outputs.Sum(lines, 1));
        }, t => ShowMode(t.Item2) + "\n" + Show(t.Item1.Text), cases: 200);
    }

    static BigInteger Total(FoldedDoc doc, bool first) =>
        doc.Rows.Aggregate(BigInteger.Zero, (sum, r) => sum + (first ? r.Count : r.Second ?? r.Count));

    static readonly Gen<FoldedDiffOptions> DiffModes = Gen.OneOf(
        new FoldedDiffOptions(),
        new FoldedDiffOptions { StripHex = true },
        new FoldedDiffOptions { Normalize = true },
        new FoldedDiffOptions { StripHex = true, Normalize = true });

    [Fact]
    public void Diff_reads_any_two_inputs()
    {
        FuzzRun.Check(Gen.Select(FuzzInputs.AnyFolded, FuzzInputs.AnyFolded, DiffModes), t =>
        {
            var (before, after, mode) = t;
            var outcome = Stages.Diff(before, after, mode);
            // The only errors: a count beyond 2^64-1, or a stack's counts adding up beyond it.
            if (outcome.Error is { } error)
                Assert.Matches("does not fit in 64 bits|add up to more than", error.Message);
        }, t => $"{t.Item3}\nbefore: {Show(t.Item1)}\nafter: {Show(t.Item2)}", cases: 150);
    }

    [Fact]
    public void Diff_keeps_both_totals()
    {
        FuzzRun.Check(Gen.Select(FuzzInputs.Folded, FuzzInputs.Folded, DiffModes), t =>
        {
            var (before, after, mode) = t;
            var outcome = Stages.Diff(before.Text, after.Text, mode);
            BigInteger total1 = Total(before, first: true), total2 = Total(after, first: true);
            if ((BeyondCounts(total1) || BeyondCounts(total2)) && outcome.Error is not null)
                return; // the documented error: counts are exact up to 2^64-1
            Assert.Null(outcome.Error);
            var lines = Outputs.FoldedLines(outcome.Output, 2);
            Assert.True(Outputs.StrictlySorted(lines), "output sorted, each stack once");
            Assert.Equal(total2, Outputs.Sum(lines, 1));
            BigInteger sum1 = Outputs.Sum(lines, 0);
            if (!mode.Normalize || total1 == 0 || total1 == total2)
            {
                Assert.Equal(total1, sum1);
                return;
            }
            // -n: each first count becomes int(count1 * total2 / total1), so at most one less per line.
            // Where the product is not a whole multiple, difffolded.pl divides in doubles, and so do we:
            // beyond 2^53 each line may be off by the double's rounding too.
            BigInteger slack = total2 < BigInteger.Pow(2, 53) ? 1 : total2 >> 50;
            Assert.InRange(sum1, total2 - lines.Count * slack - 1, total2 + lines.Count * slack + 1);
        }, t => $"{t.Item3}\nbefore: {Show(t.Item1.Text)}\nafter: {Show(t.Item2.Text)}", cases: 200);
    }

    static readonly Gen<SvgOptions> SvgModes = Gen.OneOf(
        new SvgOptions(),
        new SvgOptions { Reverse = true },
        new SvgOptions { Inverted = true },
        new SvgOptions { FlameChart = true },
        new SvgOptions { MinWidth = 0 });

    static string ShowMode(SvgOptions o) =>
        $"reverse={o.Reverse} inverted={o.Inverted} flamechart={o.FlameChart} minwidth={o.MinWidth}";

    [Fact]
    public void Svg_renders_any_input_as_well_formed_xml()
    {
        FuzzRun.Check(Gen.Select(FuzzInputs.AnyFolded, SvgModes), t =>
        {
            var (input, mode) = t;
            var outcome = Stages.Svg(input, mode);
            if (outcome.Error is not null)
            {
                Assert.IsNotType<OptionsException>(outcome.Error);
                return;
            }
            Assert.Contains(outcome.Status, new[] { 0, 2 });
            Outputs.SvgFrames(outcome.Output);
        }, t => ShowMode(t.Item2) + "\n" + Show(t.Item1), cases: 120);
    }

    [Fact]
    public void Svg_root_frame_counts_every_sample()
    {
        var docs = Gen.Frequency((3, FuzzInputs.Folded), (1, FuzzInputs.Differential));
        FuzzRun.Check(Gen.Select(docs, SvgModes), t =>
        {
            var (doc, mode) = t;
            var outcome = Stages.Svg(doc.Text, mode);
            BigInteger total = doc.WidthTotal;
            if (total >= BigInteger.Pow(2, 63) || doc.Rows.Any(r => r.Count >= BigInteger.Pow(2, 63)))
                return; // an error naming the line, as documented
            Assert.Null(outcome.Error);
            Assert.Equal(total == 0 ? 2 : 0, outcome.Status);
            if (total == 0 || total >= BigInteger.Pow(2, 53))
                return;
            Assert.Equal(total, Outputs.RootSamples(Outputs.SvgFrames(outcome.Output)));
        }, t => ShowMode(t.Item2) + "\n" + Show(t.Item1.Text), cases: 120);
    }

    [Fact]
    public void Svg_draws_differential_input_as_its_second_column_alone()
    {
        var modes = Gen.OneOf(new SvgOptions(), new SvgOptions { Reverse = true }, new SvgOptions { Inverted = true });
        FuzzRun.Check(Gen.Select(FuzzInputs.Differential, modes), t =>
        {
            var (doc, mode) = t;
            if (doc.WidthTotal is var total && (total == 0 || total >= BigInteger.Pow(2, 53)))
                return;
            // Reversed, a root frame such as `a 12` ends the line: flamegraph.pl reads its ` 12` as a
            // count in the single-column input, so the two inputs are not drawn alike.
            if (mode.Reverse && doc.Rows.Any(r => RootEndsInNumber().IsMatch(Encoding.Latin1.GetString(r.Stack))))
                return;
            if (CountsCanReorder(doc.Rows.Select(r => Drawn(r.Stack, mode.Reverse)).ToList()))
                return;
            var text = new List<byte>();
            foreach (var row in doc.Rows)
                text.AddRange([.. row.Stack, .. " "u8, .. Encoding.ASCII.GetBytes(row.Second!.Value.ToString()), .. "\n"u8]);
            var differential = Stages.Svg(doc.Text, mode with { Colors = "hot" });
            var single = Stages.Svg([.. text], mode);
            Assert.Null(differential.Error);
            Assert.Null(single.Error);
            Assert.Equal(Sorted(Outputs.SvgFrames(single.Output)), Sorted(Outputs.SvgFrames(differential.Output)));
        }, t => ShowMode(t.Item2) + "\n" + Show(t.Item1.Text), cases: 100);
    }

    /// <summary>
    /// flamegraph.pl sorts whole lines, counts and all. Where one stack followed by a space and a
    /// digit begins another (frames `a` and `a 12z`), the counts decide which of the two lines sorts
    /// first, and a differential line leads with its first count where the single-column line has
    /// the second: a line can fall between two lines of one stack in one input and not in the other,
    /// so that their frames are drawn apart in one graph and merged in the other.
    /// </summary>
    static bool CountsCanReorder(List<string> stacks) =>
        stacks.Any(s => stacks.Any(t => t.Length > s.Length + 1 && t.StartsWith(s, StringComparison.Ordinal)
            && t[s.Length] == ' ' && char.IsAsciiDigit(t[s.Length + 1])));

    /// <summary>A stack as flamegraph.pl sorts it: for --reverse, its frames reversed (Perl's split drops trailing empty ones).</summary>
    static string Drawn(byte[] stack, bool reverse)
    {
        string text = Encoding.Latin1.GetString(stack);
        if (!reverse)
            return text;
        var frames = text.Split(';').ToList();
        while (frames.Count > 0 && frames[^1].Length == 0)
            frames.RemoveAt(frames.Count - 1);
        frames.Reverse();
        return string.Join(";", frames);
    }

    static List<string> Sorted(List<Outputs.Frame> frames) =>
        frames.Select(f => $"{f.Y} {f.Width} {f.Title}").Order(StringComparer.Ordinal).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^;]*\s\d+(\.\d*)?(;|$)")]
    private static partial System.Text.RegularExpressions.Regex RootEndsInNumber();

    /// <summary>A line whose stack is "" or "0", with its one or two counts.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^0?( [0-9.e+]+){1,2}$")]
    private static partial System.Text.RegularExpressions.Regex PerlFalseStack();

    /// <summary>Beyond 2^64-1 a count or a sum of counts is an error (the README's rule), not a number.</summary>
    static bool BeyondCounts(BigInteger total) => total > ulong.MaxValue;
}
