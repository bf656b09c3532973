using System.Text;
using FlameGraph.Collapse.Dtrace;
using FlameGraph.Internals;

namespace FlameGraph.Tests.CollapseDtrace;

/// <summary>
/// The folding rules of stackcollapse.pl, one at a time, on the stage in-process. Each input has
/// the three header lines the reference skips, then one stack (leaf first) and its count.
/// </summary>
public class DtraceCollapserTests
{
    static string Fold(string body, bool includeOffset = false)
    {
        var collapser = new DtraceCollapser(new DtraceCollapseOptions { IncludeOffset = includeOffset });
        collapser.Add(new MemoryStream(Encoding.UTF8.GetBytes("h1\nh2\nh3\n" + body)), "test");
        var output = new MemoryStream();
        using (var writer = new ByteWriter(output))
            collapser.WriteTo(writer);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData("  unix`idle+0x114\n  1\n", "unix`idle 1\n")]                        // offset removed
    [InlineData("  a+b+0x1\n  1\n", "a+b 1\n")]                                     // only from the last '+'
    [InlineData("  +0x1f\n  1\n", "- 1\n")]                                        // nothing left: "-"
    [InlineData("\tlib`ns::Vec<double>::dot(int)+0x4\n 1\n", "lib`ns::Vec<double>::dot 1\n")] // last '(' or '<' after "::"
    [InlineData("  lib`f(int)<x>\n 1\n", "lib`f(int)<x> 1\n")]                     // no "::": arguments stay
    [InlineData("  Lcom/Foo;.bar\n 1\n", "com/Foo:.bar 1\n")]                      // Java: one 'L' off, ';' to ':'
    [InlineData("  LLVMthing\n 1\n", "LVMthing 1\n")]                              // only one 'L'
    [InlineData("  a`f->g->h\n 1\n", "a`f;g_[i];h_[i] 1\n")]                        // inlined parts in order
    [InlineData("  leaf\n  ->\n  root\n 1\n", "root;leaf 1\n")]                    // a bare "->" adds no frame
    [InlineData("  ->b\n 1\n", ";b_[i] 1\n")]                                      // a leading empty part stays
    public void Frames_are_tidied_like_stackcollapse_pl(string body, string folded)
    {
        Assert.Equal(folded, Fold(body));
    }

    [Fact]
    public void Stacks_come_out_root_first_with_equal_stacks_added_and_sorted_bytewise()
    {
        string body = "  b\n  z\n 2\n  Z\n 1\n  é\n 1\n  b\n\n  z\n 3\n";
        Assert.Equal("Z 1\nz;b 5\né 1\n", Fold(body));
    }

    [Theory]
    [InlineData(" \t 0042", "42")]
    [InlineData("18446744073709551615", "18446744073709551615")] // largest exact count (Perl's UV)
    public void Count_lines_are_digits_after_optional_whitespace(string countLine, string printed)
    {
        Assert.Equal($"f {printed}\n", Fold($"  f\n{countLine}\n"));
    }

    [Fact]
    public void A_count_line_with_trailing_space_is_a_frame()
    {
        // `^\s*(\d+)+$` does not match "5 ", so it is a frame of the stack counted by the next line.
        Assert.Equal("5 ;f 2\n", Fold("  f\n5 \n 2\n"));
    }

    [Fact]
    public void Counts_add_up_exactly_to_the_largest_64_bit_number()
    {
        // perl -e '$h{f} += "18446744073709551614"; $h{f} += "1"; print $h{f}'
        Assert.Equal("f 18446744073709551615\n", Fold("  f\n 18446744073709551614\n  f\n 1\n"));
    }

    [Fact]
    public void Counts_past_64_bits_are_errors_naming_where_perl_would_print_a_rounded_double()
    {
        var sum = Assert.Throws<StageException>(() => Fold("  f\n 18446744073709551615\n  f\n 1\n"));
        Assert.Equal("test:7: the counts of stack 'f' add up to more than 18446744073709551615", sum.Message);
        var count = Assert.Throws<StageException>(() => Fold("  g\n 99999999999999999999\n"));
        Assert.Equal("test:5: count 99999999999999999999 does not fit in 64 bits (the largest is 18446744073709551615)", count.Message);
    }

    [Fact]
    public void Includeoffset_trims_the_joined_stack_from_its_last_plus()
    {
        // The leaf has no offset, so the reference's cut also removes it (its known bug, kept).
        Assert.Equal("a+0x1;b 1\n", Fold("  c\n  b+0x2\n  a+0x1\n 1\n", includeOffset: true));
        Assert.Equal("a+0x1;b+0x2;c 1\n", Fold("  c+0x3\n  b+0x2\n  a+0x1\n 1\n", includeOffset: true));
    }

    [Fact]
    public void The_first_three_lines_are_skipped_whatever_they_hold()
    {
        Assert.Equal("", Fold(""));
        var collapser = new DtraceCollapser(default);
        collapser.Add(new MemoryStream("  a\n  b\n 1\n  c\n 2\n"u8.ToArray()), "test");
        var output = new MemoryStream();
        using (var writer = new ByteWriter(output))
            collapser.WriteTo(writer);
        Assert.Equal("c 2\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Reports_where_an_unfinished_stack_began()
    {
        var collapser = new DtraceCollapser(default);
        collapser.Add(new MemoryStream("h\nh\nh\n  a\n 1\n\n  b\n  c\n"u8.ToArray()), "in.txt");
        Assert.Equal(new UnfinishedStack("in.txt", 7), collapser.Unfinished);
    }
}
