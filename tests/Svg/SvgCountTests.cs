using System.Text;
using System.Text.RegularExpressions;
using FlameGraph.Internals;
using FlameGraph.Svg;

namespace FlameGraph.Tests.Svg;

/// <summary>
/// Counts through fg-svg's renderer in process: any count up to 2^64-1 is read, the total must
/// stay within 64 bits, and tooltips give integral samples in full. flamegraph.pl prints them
/// with `%.0f` of a double, which rounds above 2^53 (perl -e 'printf "%.0f", 9007199254740993'
/// prints 9007199254740992).
/// </summary>
public partial class SvgCountTests
{
    static List<string> Titles(string folded, SvgOptions? options = null)
    {
        var output = new MemoryStream();
        var writer = new ByteWriter(output);
        var report = new FlameGraphRenderer(options ?? new SvgOptions())
            .Run(["in.folded"], writer, _ => new MemoryStream(Encoding.UTF8.GetBytes(folded)));
        Assert.False(report.NoStackCounts);
        return [.. TitleText().Matches(Encoding.UTF8.GetString(output.ToArray())).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitleText();

    [Fact]
    public void Tooltips_give_samples_above_2_to_the_53_in_full()
    {
        var titles = Titles("a;b 9007199254740993\na;c 4503599627370497\n");
        Assert.Contains("all (13,510,798,882,111,490 samples, 100%)", titles);
        Assert.Contains("a (13,510,798,882,111,490 samples, 100.00%)", titles);
        Assert.Contains("b (9,007,199,254,740,993 samples, 66.67%)", titles);
        Assert.Contains("c (4,503,599,627,370,497 samples, 33.33%)", titles);
    }

    [Fact]
    public void The_largest_64_bit_count_is_read_and_shown_in_full()
    {
        var titles = Titles("a;b 18446744073709551614\na;c 1\n", new SvgOptions { MinWidth = 0 });
        Assert.Contains("all (18,446,744,073,709,551,615 samples, 100%)", titles);
        Assert.Contains("b (18,446,744,073,709,551,614 samples, 100.00%)", titles);
        Assert.Contains("c (1 samples, 0.00%)", titles);
        Assert.Contains("all (18,446,744,073,709,551,615 samples, 100%)", Titles("x 18446744073709551615\n"));
    }

    [Fact]
    public void Unsorted_input_sorted_in_memory_keeps_exact_samples_too()
    {
        var titles = Titles("b 9007199254740993\na 1\n", new SvgOptions { MinWidth = 0 });
        Assert.Contains("b (9,007,199,254,740,993 samples, 100.00%)", titles);
        Assert.Contains("all (9,007,199,254,740,994 samples, 100%)", titles);
    }

    [Fact]
    public void Fractional_counts_and_factors_keep_flamegraph_pls_rounding()
    {
        // With a fraction, or a factor, the count shown is %.0f of a double, as in Perl. There
        // "9007199254740993.0" is the double 9007199254740992; a frame's end time goes through
        // its %.15g string key (9.00719925474099e+15), while the root spans the total.
        var fractional = Titles("a;b 9007199254740993.0\n");
        Assert.Contains("b (9,007,199,254,740,990 samples, 100.00%)", fractional);
        Assert.Contains("all (9,007,199,254,740,992 samples, 100%)", fractional);
        Assert.Contains("b (4,503,599,627,370,496 samples, 100.00%)", Titles("a;b 9007199254740993\n", new SvgOptions { Factor = 0.5 }));
    }

    [Fact]
    public void A_total_beyond_64_bits_is_an_error_naming_the_line()
    {
        var error = Assert.Throws<StageException>(() => Titles("a 9223372036854775808\nb 9223372036854775807\nc 1\n"));
        Assert.Equal("in.folded:3: the counts add up to more than 18446744073709551615", error.Message);
        var count = Assert.Throws<StageException>(() => Titles("a 1\nb 18446744073709551616\n"));
        Assert.Equal("in.folded:2: count 18446744073709551616 does not fit in 64 bits (the largest is 18446744073709551615)", count.Message);
    }
}
