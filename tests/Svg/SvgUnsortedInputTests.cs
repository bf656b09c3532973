using System.Xml.Linq;
using FlameGraph.Svg;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Svg;

/// <summary>
/// Unsorted input is merged by stack while it is read; the graph must still be the one
/// flamegraph.pl draws from the sorted lines (checked with flamegraph.pl's own rules: lines are
/// sorted whole, counts and all, and merged in that order).
/// </summary>
public class SvgUnsortedInputTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static List<(string Title, string Fill)> Frames(string input, SvgOptions? options = null)
    {
        // (Such small inputs get flamegraph.pl's "Stack count is low" warning, not looked at here.)
        var result = StageRun.Run(new FlameGraphRenderer(options ?? new SvgOptions()).Run, input);
        return SvgComparison.Parse(result.Text).Descendants(Svg + "title")
            .Select(t => (t.Value, (string)t.Parent!.Element(Svg + "rect")!.Attribute("fill")!))
            .Where(f => !f.Value.StartsWith("all ", StringComparison.Ordinal))
            .OrderBy(f => f.Value, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Lines_of_one_stack_give_the_delta_of_the_line_sorting_first_and_all_count_in_the_largest_delta()
    {
        // Sorted: `a;b 1 2` (delta +1, opens b), `a;b 3 1` (delta -2, opens nothing), `z 1 1`.
        // b is 3 wide with +1 of 4; the largest |delta| is 2, so b is half red: 210 * (2 - 1) / 2.
        var frames = Frames("a;b 3 1\nz 1 1\na;b 1 2\n");

        Assert.Equal(
        [
            ("a (3 samples, 75.00%; 0.00%)", "rgb(255,255,255)"),
            ("b (3 samples, 75.00%; +25.00%)", "rgb(255,105,105)"),
            ("z (1 samples, 25.00%; 0.00%)", "rgb(255,255,255)"),
        ], frames);
    }

    [Fact]
    public void A_stack_that_sorts_between_two_lines_of_another_splits_its_frame()
    {
        // Sorted whole, `a 1` < `a 12x 5` < `a 3`: the frame a closes around the frame `a 12x`.
        var titles = Frames("a 3\na 12x 5\na 1\n").Select(f => f.Title);

        Assert.Equal(["a (1 samples, 11.11%)", "a (3 samples, 33.33%)", "a 12x (5 samples, 55.56%)"], titles);
    }

    [Fact]
    public void A_reversed_differential_line_sorts_by_its_first_count()
    {
        // Reversed: `a 0 5`, `a 1z;b 0 3`, `a;c 4 7`. Sorted whole, `a 0 5` < `a 1z;b 0 3` (0 < 1)
        // < `a;c 4 7` (space < ;): `a 1z` falls between the two lines starting with a, which are
        // drawn apart, 5 and 7 wide. Deltas: a +5, b +3, c +3, of 15 samples.
        var differential = Frames("a 0 5\nb;a 1z 0 3\nc;a 4 7\n", new SvgOptions { Reverse = true }).Select(f => f.Title);

        Assert.Equal(
        [
            "a (5 samples, 33.33%; +33.33%)",
            "a (7 samples, 46.67%; 0.00%)",
            "a 1z (3 samples, 20.00%; 0.00%)",
            "b (3 samples, 20.00%; +20.00%)",
            "c (7 samples, 46.67%; +20.00%)",
        ], differential);

        // The second column alone sorts `a 1z;b 3` < `a 5` (1 < 5) < `a;c 7`: one frame a, 12 wide.
        var single = Frames("a 5\nb;a 1z 3\nc;a 7\n", new SvgOptions { Reverse = true }).Select(f => f.Title);

        Assert.Equal(["a (12 samples, 80.00%)", "a 1z (3 samples, 20.00%)", "b (3 samples, 20.00%)", "c (7 samples, 46.67%)"], single);
    }

    [Fact]
    public void Reversed_stacks_repeated_in_any_order_add_up()
    {
        var titles = Frames("a;b 2\nc;b 1\na;b 3\nc;b 4\n", new SvgOptions { Reverse = true }).Select(f => f.Title);

        Assert.Equal(["a (5 samples, 50.00%)", "b (10 samples, 100.00%)", "c (5 samples, 50.00%)"], titles);
    }
}
