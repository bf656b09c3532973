using System.Text;
using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Tests.Common;

public class FoldedLineTests
{
    [Theory]
    [InlineData("a;b 12", "a;b", "12")]
    [InlineData("a;b  5", "a;b ", "5")]
    [InlineData("a;b\t7", "a;b", "7")]
    [InlineData("a;b 1.5", "a;b", "1.5")]
    [InlineData("a;b 5.", "a;b", "5.")]
    [InlineData("a 1 2", "a 1", "2")]
    [InlineData("a;b 3\r", "a;b", "3")]
    [InlineData(" 4", "", "4")]
    public void Splits_like_the_perl_regex(string line, string stack, string count)
    {
        Assert.True(FoldedLine.TrySplit(Encoding.UTF8.GetBytes(line), out var s, out var c));
        Assert.Equal(stack, Encoding.UTF8.GetString(s));
        Assert.Equal(count, Encoding.UTF8.GetString(c));
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("5")]
    [InlineData("a .5")]
    [InlineData("a 1.2.3")]
    [InlineData("a b12")]
    [InlineData("")]
    public void Rejects_lines_without_a_count(string line)
    {
        Assert.False(FoldedLine.TrySplit(Encoding.UTF8.GetBytes(line), out _, out _));
    }

    [Theory]
    [InlineData(14.2343983248722834234, "14.2343983248723")]
    [InlineData(1.0, "1")]
    [InlineData(1e20, "1e+20")]
    [InlineData(0.00001, "1e-05")]
    public void Formats_doubles_as_perl_prints_them(double value, string expected)
    {
        Assert.Equal(expected, PerlNumber.FormatDouble(value));
    }
}

public class PerlNumberTests
{
    static PerlNumber Parse(string text) => PerlNumber.Parse(Encoding.ASCII.GetBytes(text));

    [Theory]
    [InlineData("18446744073709551615", "0", "18446744073709551615")] // the largest UV stays exact
    [InlineData("18446744073709551614", "1", "18446744073709551615")]
    [InlineData("1000000000000000", "1", "1000000000000001")] // perl -e 'print 1e15+1'
    [InlineData("007", "1", "8")]
    [InlineData("1.5", "1", "2.5")]
    [InlineData("0.1", "0.2", "0.3")] // perl -e 'print 0.1+0.2'
    public void Adds_and_prints_as_perl_does(string a, string b, string sum)
    {
        Assert.Equal(sum, (Parse(a) + Parse(b)).ToString());
    }

    [Fact]
    public void The_default_is_the_integer_zero_so_a_first_sum_stays_exact()
    {
        // A dictionary slot starts as default(PerlNumber), as Perl's hash slot starts undef.
        PerlNumber slot = default;
        Assert.Equal("1000000000000001", (slot + Parse("1000000000000001")).ToString());
        Assert.True(PerlNumber.TryAdd(default, Parse("18446744073709551615"), out var sum));
        Assert.Equal("18446744073709551615", sum.ToString());
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999999")]
    [InlineData("18446744073709551616.0")]
    public void Counts_beyond_64_bits_are_refused_where_perl_would_round(string text)
    {
        Assert.False(PerlNumber.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("18446744073709551615", "1")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    [InlineData("18446744073709551615", "0.5")]
    public void Sums_beyond_64_bits_are_refused_where_perl_would_round(string a, string b)
    {
        Assert.False(PerlNumber.TryAdd(Parse(a), Parse(b), out _));
        var overflow = Assert.Throws<CountOverflowException>(() => Parse(a) + Parse(b));
        Assert.Equal("counts add up to more than 18446744073709551615", overflow.Message);
    }
}

public class CountTextTests
{
    static string Written(Action<ByteWriter> write)
    {
        var stream = new MemoryStream();
        var writer = new ByteWriter(stream);
        write(writer);
        writer.Flush();
        return Encoding.ASCII.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData("1000000000000001", "1000000000000001")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("14.2343983248722834234", "14.2343983248723")] // difffolded.pl's output in the corpus
    [InlineData("1.0", "1")]
    public void Integers_in_full_fractions_as_perl_prints_them(string count, string printed)
    {
        Assert.Equal(printed, Written(w => CountText.Write(w, PerlNumber.Parse(Encoding.ASCII.GetBytes(count)))));
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(999UL, "999")]
    [InlineData(1000UL, "1,000")]
    [InlineData(9007199254740993UL, "9,007,199,254,740,993")]
    [InlineData(18446744073709551615UL, "18,446,744,073,709,551,615")]
    public void Grouped_counts_keep_every_digit(ulong count, string printed)
    {
        Assert.Equal(printed, Written(w => CountText.WriteGrouped(w, count)));
    }
}
