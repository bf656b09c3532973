using System.Xml.Linq;
using FlameGraph.Svg;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Svg;

/// <summary>
/// flamegraph.pl keys its frames by name, depth and end time, so a zero-width stack that opens a
/// frame with the same name and depth as one that just closed, at the same time, replaces it: the
/// earlier frame is not drawn. Differential input has such stacks (a second count of 0), and
/// --reverse lines them up. fg-svg must forget the same frames however many frames it holds.
/// </summary>
public class SvgSameEndTimeTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static IEnumerable<string> Titles(string svg) =>
        SvgComparison.Parse(svg).Descendants(Svg + "title").Select(t => t.Value);

    [Fact]
    public void A_zero_width_stack_replaces_the_frames_it_shares_name_and_depth_with_even_past_a_thousand_frames()
    {
        // Reversed, the lines are `p;f0;...;f1099` and `q;f0;...;f1099`: p's frames close at time 1, where q's
        // zero-width frames of the same names and depths open and close. flamegraph.pl keeps q's
        // (of no width, so not drawn) in their place: only the root and p are left.
        string frames = string.Join(";", Enumerable.Range(0, 1100).Reverse().Select(i => $"f{i}"));
        string input = $"{frames};p 0 1\n{frames};q 1 0\n";

        var result = StageRun.Run(new FlameGraphRenderer(new SvgOptions { Reverse = true }).Run, input);

        Assert.Equal(["all (1 samples, 100%)", "p (1 samples, 100.00%; 0.00%)"], Titles(result.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reverse_on_a_differential_profile_draws_the_frames_flamegraph_pl_draws()
    {
        // Samples 104 to 106 of the reversed profile: a stack of width 2 is followed by one of
        // width 0 with Interpreter_[j] at depths 18 and 19 too (as the wide one has it at depths 19
        // and 20), so flamegraph.pl's frame at depth 19 is replaced and only the one at depth 20 is
        // drawn there; likewise JavaCalls::call_virtual and the Rhino script frame. flamegraph.pl's
        // code gives 2827 frames in all.
        string input = Corpus.PathOf("svg/diff-perf-vertx-stacks-01-halves/input.folded");

        var result = StageRun.Run(new FlameGraphRenderer(new SvgOptions { Reverse = true }).Run, ("input.folded", File.ReadAllBytes(input)));

        var frames = SvgComparison.Frames(SvgComparison.Parse(result.Text));
        foreach (var name in new[] { "Interpreter", "JavaCalls::call_virtual", "org/mozilla/javascript/gen/file__home_bgregg_testtest_vert_x_2_1_4_sys_mods_io_vertx_lang_js_1_1_0" })
            Assert.Single(frames, f => f.Contains($" title={name} (2 samples, 1.44%; 0.00%) ") && f.Contains("x=892.9 ") && f.Contains("width=17.0 "));
        Assert.Equal(2827, frames.Count);
    }
}
