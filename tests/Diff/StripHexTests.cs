using System.Text;
using FlameGraph.Diff;
using FlameGraph.Internals;

namespace FlameGraph.Tests.Diff;

/// <summary>fg-diff -s in process: `s/0x[0-9a-fA-F]+/0x.../g` on every stack, as difffolded.pl -s.</summary>
public class StripHexTests
{
    static string Strip(HexNumbers hex, string stack) => Encoding.ASCII.GetString(hex.Strip(Encoding.ASCII.GetBytes(stack)));

    [Fact]
    public void A_short_stack_of_short_numbers_after_a_long_one_grows_past_the_first_buffer()
    {
        // `0x1` becomes `0x...`: 21 bytes grow to 41, beyond twice the 14 bytes first seen.
        var hex = new HexNumbers();
        Assert.Equal("a;0x...", Strip(hex, "a;0x1234567890"));
        Assert.Equal("0x...;0x...;0x...;0x...;0x...;0x...;0x...", Strip(hex, "0x1;0x1;0x1;0x1;0x1;0x1;0x1"));
    }

    [Fact]
    public void Replaces_numbers_as_the_perl_substitution_does()
    {
        // perl -pe 's/0x[0-9a-fA-F]+/0x.../g' gives the expected text.
        Assert.Equal("0x...x1;0xg;x0x;0x...+0x...", Strip(new HexNumbers(), "0x10x1;0xg;x0x;0xAbC+0x0"));
    }

    [Fact]
    public void Diff_with_strip_hex_joins_the_stacks_of_both_files()
    {
        byte[] folded = "a;0x1234567890 1\n0x1;0x1;0x1;0x1;0x1;0x1;0x1 1\n"u8.ToArray();
        var diff = new FoldedDiff(new FoldedDiffOptions { StripHex = true });
        diff.AddBefore(new MemoryStream(folded));
        diff.AddAfter(new MemoryStream(folded));
        var output = new MemoryStream();
        var writer = new ByteWriter(output);
        diff.WriteTo(writer);
        writer.Flush();

        Assert.Equal("0x...;0x...;0x...;0x...;0x...;0x...;0x... 1 1\na;0x... 1 1\n", Encoding.ASCII.GetString(output.ToArray()));
    }
}
