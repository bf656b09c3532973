using FlameGraph.Internals;
using FlameGraph.Svg;

namespace FlameGraph.Tests.Svg;

/// <summary>The pieces of fg-svg whose exact arithmetic the SVG depends on.</summary>
public class SvgPartsTests
{
    static string Fixed(double value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[64];
        return System.Text.Encoding.ASCII.GetString(buffer[..NumberText.FormatFixed(value, decimals, buffer)]);
    }

    [Theory]
    // Exact ties round to even, as C's printf does.
    [InlineData(0.25, 1, "0.2")]
    [InlineData(0.75, 1, "0.8")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    // Not ties: the nearest double decides.
    [InlineData(1.05, 1, "1.1")]
    [InlineData(1161.0499999, 1, "1161.0")]
    [InlineData(600, 2, "600.00")]
    public void Fixed_point_matches_printf(double value, int decimals, string expected) =>
        Assert.Equal(expected, Fixed(value, decimals));

    [Fact]
    public void Counts_get_thousands_separators()
    {
        var stream = new MemoryStream();
        using (var output = new ByteWriter(stream))
        {
            NumberText.WriteCount(output, 101010100);
            output.Write((byte)' ');
            NumberText.WriteCount(output, 999);
            output.Write((byte)' ');
            NumberText.WriteCount(output, 2.5); // %.0f: to even
        }
        Assert.Equal("101,010,100 999 2", System.Text.Encoding.ASCII.GetString(stream.ToArray()));
    }

    [Fact]
    public void Name_seeded_value_is_perls_first_drand48_draw()
    {
        // srand(0); rand(1) in Perl 5.20+: ((0 << 16) + 0x330E) * 0x5DEECE66D + 0xB, modulo 2^48.
        Assert.Equal(48083817484545.0 / 281474976710656.0, ColorValues.Drand48First(0));
        // The root frame (empty name) of flamegraph.pl's default hot palette is rgb(213,39,9).
        double v = ColorValues.NameSeeded([]);
        Assert.Equal((213, 39, 9), Palette.Color("hot", [], v, v, v));
    }

    [Fact]
    public void Hash_ignores_the_module_prefix()
    {
        Assert.Equal(ColorValues.Hash("libc.so`read"u8).V1, ColorValues.Hash("read"u8).V1);
        Assert.Equal(1.0, ColorValues.Hash([]).V1);
    }

    [Fact]
    public void Differential_colours_scale_with_the_largest_change()
    {
        Assert.Equal((255, 0, 0), Palette.Differential(10, 10, negate: false));
        Assert.Equal((0, 0, 255), Palette.Differential(10, 10, negate: true));
        Assert.Equal((105, 105, 255), Palette.Differential(-5, 10, negate: false));
        Assert.Equal((255, 255, 255), Palette.Differential(0, 10, negate: false));
    }

    [Fact]
    public void Reversed_line_keeps_its_counts()
    {
        Span<byte> buffer = stackalloc byte[64];
        int length = StackLine.WriteReversed("a;;b;c; 3 4"u8, buffer);
        Assert.Equal("c;b;;a 3 4", System.Text.Encoding.ASCII.GetString(buffer[..length]));
    }
}
