using System.Text;
using FlameGraph.Collapse.Perf;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>
/// Output lines are keyed and sorted by the folded bytes, as Perl's hash and `sort` see them,
/// however the frames that spell those bytes were split.
/// </summary>
public class CollapsePerfStackOrderTests
{
    static string Sample(long period, params string[] framesLeafFirst)
    {
        var text = new StringBuilder($"myprog 1234/1235 100.000001: {period} cycles:u:\n");
        foreach (string frame in framesLeafFirst)
            text.Append($"\t    7f0000001000 {frame} (/usr/lib/libx.so)\n");
        return text.Append('\n').ToString();
    }

    static string Fold(string input, string threads)
    {
        var collapser = new PerfCollapser(new PerfCollapseOptions { Threads = int.Parse(threads) });
        var result = StageRun.Run(collapser.Run, ("x", input));
        Assert.Empty(result.Warnings);
        return result.Text;
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void An_inline_chain_and_separate_frames_spelling_the_same_stack_are_one_line(string threads)
    {
        // "a->b" folds to the one frame block "a;b_[i]"; two frames "a" and "b_[i]" spell the same bytes.
        string input = Sample(100, "a->b+0x10") + Sample(200, "b_[i]", "a+0x20");

        Assert.Equal("myprog;a;b_[i] 300\n", Fold(input, threads));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void Stacks_sort_bytewise_across_frame_boundaries(string threads)
    {
        string input =
            Sample(1, "ab") +
            Sample(2, "c", "a") +
            Sample(3, "a") +
            Sample(4, "a!z") +
            Sample(5, "a->b") +
            Sample(6, "d", "a->b");

        // ';' (0x3B) sorts after '!' (0x21) and before 'b'; a stack sorts before its extensions.
        string expected =
            "myprog;a 3\n" +
            "myprog;a!z 4\n" +
            "myprog;a;b_[i] 5\n" +
            "myprog;a;b_[i];d 6\n" +
            "myprog;a;c 2\n" +
            "myprog;ab 1\n";
        Assert.Equal(expected, Fold(input, threads));
    }
}
