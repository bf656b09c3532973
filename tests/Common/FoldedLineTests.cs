using System.Text;
using FlameGraph.Cli;
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
    [InlineData("18446744073709551615", "1", "1.84467440737096e+19")] // one more becomes a double
    [InlineData("007", "1", "8")]
    [InlineData("1.5", "1", "2.5")]
    [InlineData("99999999999999999999999", "0", "1e+23")]
    public void Adds_and_prints_as_perl_does(string a, string b, string sum)
    {
        Assert.Equal(sum, (Parse(a) + Parse(b)).ToString());
    }
}
