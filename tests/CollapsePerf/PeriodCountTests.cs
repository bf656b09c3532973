using System.Text;
using FlameGraph.Collapse.Perf;
using FlameGraph.Internals;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>
/// Periods through the stage in process: stackcollapse-perf.pl adds them as Perl integers, exact up
/// to 2^64-1 (`$collapsed{$stack} += $period`); beyond, where Perl rounds, we stop with an error.
/// </summary>
public class PeriodCountTests
{
    static string Sample(string period, string frame = "main") =>
        $"app 1 1.0: {period} cycles:\n\t1 {frame} (/bin/a)\n\n";

    static string Fold(string input, int threads = 1)
    {
        var output = new MemoryStream();
        var writer = new ByteWriter(output);
        new PerfCollapser(new PerfCollapseOptions { Threads = threads })
            .Run(["perf.txt"], writer, _ => new MemoryStream(Encoding.UTF8.GetBytes(input)));
        writer.Flush();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    // perl -e '$h{a} += "9223372036854775807"; print $h{a}' and the same for the others.
    [InlineData("9223372036854775807", "app;main 9223372036854775807\n")]
    [InlineData("18446744073709551615", "app;main 18446744073709551615\n")]
    [InlineData("1000000000000001", "app;main 1000000000000001\n")]
    public void A_period_is_counted_exactly(string period, string expected)
    {
        Assert.Equal(expected, Fold(Sample(period)));
    }

    [Fact]
    public void Periods_add_up_exactly_to_the_largest_64_bit_number()
    {
        string input = Sample("9223372036854775807") + Sample("9223372036854775807") + Sample("1");
        Assert.Equal("app;main 18446744073709551615\n", Fold(input));
    }

    [Fact]
    public void Periods_adding_up_beyond_64_bits_are_an_error_naming_the_stack()
    {
        string input = Sample("18446744073709551615") + Sample("1") + Sample("5", "other");
        var error = Assert.Throws<StageException>(() => Fold(input));
        Assert.Equal("the counts of stack 'app;main' add up to more than 18446744073709551615", error.Message);
    }

    [Fact]
    public void Periods_adding_up_beyond_64_bits_in_blocks_folded_in_parallel_are_an_error_naming_the_stack()
    {
        // The two samples of app;big are megabytes apart: folded by different workers, added when merged.
        var input = new StringBuilder(Sample("18446744073709551615", "big"));
        int samples = 3 * 1024 * 1024 / Sample("1").Length;
        for (int i = 0; i < samples; i++)
            input.Append(Sample("1"));
        input.Append(Sample("1", "big"));
        var error = Assert.Throws<StageException>(() => Fold(input.ToString(), threads: 2));
        Assert.Equal("the counts of stack 'app;big' add up to more than 18446744073709551615", error.Message);
    }

    [Fact]
    public void A_period_beyond_64_bits_is_an_error_naming_the_file_and_line()
    {
        var error = Assert.Throws<StageException>(() => Fold(Sample("1") + Sample("18446744073709551616")));
        Assert.Equal("perf.txt:4: period 18446744073709551616 does not fit in 64 bits (the largest is 18446744073709551615)", error.Message);
    }

    [Fact]
    public void The_line_of_a_period_beyond_64_bits_is_counted_across_the_blocks_folded_in_parallel()
    {
        // 3 MB of samples: several 1 MB blocks, folded by two workers.
        var input = new StringBuilder();
        int samples = 3 * 1024 * 1024 / Sample("1").Length;
        for (int i = 0; i < samples; i++)
            input.Append(Sample("1"));
        input.Append(Sample("99999999999999999999"));
        input.Append(Sample("99999999999999999998"));
        var error = Assert.Throws<StageException>(() => Fold(input.ToString(), threads: 2));
        Assert.Equal($"perf.txt:{samples * 3 + 1}: period 99999999999999999999 does not fit in 64 bits (the largest is 18446744073709551615)", error.Message);
    }
}
