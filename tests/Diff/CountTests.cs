using System.Text;
using FlameGraph.Diff;
using FlameGraph.Internals;

namespace FlameGraph.Tests.Diff;

/// <summary>Counts through fg-diff's stage in process: exact integers up to 2^64-1, an error beyond.</summary>
public class CountTests
{
    static string Diff(string before, string after, bool normalize = false)
    {
        var diff = new FoldedDiff(new FoldedDiffOptions { Normalize = normalize });
        diff.AddBefore(new MemoryStream(Encoding.UTF8.GetBytes(before)), "before.folded");
        diff.AddAfter(new MemoryStream(Encoding.UTF8.GetBytes(after)), "after.folded");
        var output = new MemoryStream();
        var writer = new ByteWriter(output);
        diff.WriteTo(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    // difffolded.pl prints these in full (perl -e 'print "1000000000000001"+0').
    [InlineData("a 1000000000000001\n", "a 7\n", "a 1000000000000001 7\n")]
    [InlineData("a 18446744073709551615\n", "b 1\n", "a 18446744073709551615 0\nb 0 1\n")]
    [InlineData("a 9223372036854775807\na 9223372036854775808\n", "a 1\n", "a 18446744073709551615 1\n")]
    public void Counts_are_exact_integers_up_to_the_largest_64_bit_number(string before, string after, string expected)
    {
        Assert.Equal(expected, Diff(before, after));
    }

    [Fact]
    public void Normalized_fractional_counts_are_truncated_to_integers_printed_in_full()
    {
        // difffolded.pl -n prints these: int() of a double gives an integer again.
        Assert.Equal("a 6000000000000003 8000000000000004\nb 2000000000000001 0\n",
            Diff("a 3000000000000001.5\nb 1000000000000000.5\n", "a 8000000000000004\n", normalize: true));
    }

    [Fact]
    public void A_count_beyond_64_bits_is_an_error_naming_the_file_and_line()
    {
        var error = Assert.Throws<StageException>(() => Diff("a 1\n", "a 1\nb 18446744073709551616\n"));
        Assert.Equal("after.folded:2: count 18446744073709551616 does not fit in 64 bits (the largest is 18446744073709551615)", error.Message);
    }

    [Fact]
    public void Counts_adding_up_beyond_64_bits_are_an_error_naming_the_stack_and_line()
    {
        var error = Assert.Throws<StageException>(() => Diff("a;b 18446744073709551615\nc 1\na;b 1\n", "a;b 1\n"));
        Assert.Equal("before.folded:3: the counts of stack 'a;b' add up to more than 18446744073709551615", error.Message);
    }

    [Fact]
    public void A_total_beyond_64_bits_matters_only_to_normalize()
    {
        const string before = "a 18446744073709551615\nb 1\n";
        Assert.Equal("a 18446744073709551615 1\nb 1 0\n", Diff(before, "a 1\n"));
        var error = Assert.Throws<StageException>(() => Diff(before, "a 1\n", normalize: true));
        Assert.Equal("-n: the counts of 'before.folded' add up to more than 18446744073709551615", error.Message);
    }
}
