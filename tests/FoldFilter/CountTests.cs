using System.Text;
using FlameGraph.Filter;
using FlameGraph.Internals;

namespace FlameGraph.Tests.FoldFilter;

/// <summary>Counts through fg-fold-filter's stage in process: exact integers up to 2^64-1, an error beyond.</summary>
public class CountTests
{
    static string Filter(string input, FoldFilterOptions? options = null)
    {
        var filter = new global::FlameGraph.Filter.FoldFilter(options ?? new FoldFilterOptions());
        filter.Add(new MemoryStream(Encoding.UTF8.GetBytes(input)), "in.folded");
        filter.Transform();
        var output = new MemoryStream();
        var writer = new ByteWriter(output);
        filter.WriteTo(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData("a 1000000000000001\n", "a 1000000000000001\n")] // perl -e 'print 1000000000000001+0'
    [InlineData("a 18446744073709551615\n", "a 18446744073709551615\n")]
    [InlineData("a 9223372036854775807\na 9223372036854775808\n", "a 18446744073709551615\n")]
    [InlineData("a 1 1000000000000001\n", "a 1 1000000000000001\n")]
    [InlineData("a 0.1\na 0.2\n", "a 0.3\n")] // perl -e 'print 0.1+0.2'
    public void Counts_are_exact_integers_up_to_the_largest_64_bit_number(string input, string expected)
    {
        Assert.Equal(expected, Filter(input));
    }

    [Fact]
    public void A_count_beyond_64_bits_is_an_error_naming_the_file_and_line()
    {
        var error = Assert.Throws<StageException>(() => Filter("a 1\nb 18446744073709551616\n"));
        Assert.Equal("in.folded:2: count 18446744073709551616 does not fit in 64 bits (the largest is 18446744073709551615)", error.Message);
    }

    [Fact]
    public void Counts_adding_up_beyond_64_bits_are_an_error_naming_the_stack()
    {
        var read = Assert.Throws<StageException>(() => Filter("a;b 18446744073709551615\na;b 1\n"));
        Assert.Equal("in.folded:2: the counts of stack 'a;b' add up to more than 18446744073709551615", read.Message);
        // Stacks that become equal only after a stage are added there, where no line is known.
        var merged = Assert.Throws<StageException>(() => Filter("x;a;b 18446744073709551615\ny;a;b 1\n",
            new FoldFilterOptions { SkipAfter = ["a"] }));
        Assert.Equal("the counts of stack 'a;b' add up to more than 18446744073709551615", merged.Message);
    }
}
