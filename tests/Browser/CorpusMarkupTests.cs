using System.Text.Json;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Browser;

/// <summary>
/// flamegraph.js on the markup flamegraph.pl really writes: the corpus SVGs with their script
/// replaced by the config lines and our script, as fg-svg embeds it. Every frame (up to a limit)
/// is zoomed to in turn; x and width are rounded to one decimal in that markup, so this is where
/// ancestor and descendant detection must hold up.
/// </summary>
public class CorpusMarkupTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    public static TheoryData<string> Cases() =>
    [
        "svg/example-perf-stacks/expected-default.svg",
        "svg/example-dtrace-stacks/expected-inverted.svg",
        "svg/flamechart-graphql/expected-flamechart.svg",
        "svg/cpp-stacks-std-function/expected-width-800.svg",
        "svg/perf-vertx-stacks-01-all/expected-default.svg",
        "svg/diff-perf-cycles-vs-instructions/expected-inverted.svg",
    ];

    /// <summary>The perl SVG with our script in place of its own.</summary>
    static string WithOurScript(string perlSvg)
    {
        int start = perlSvg.IndexOf("<![CDATA[", StringComparison.Ordinal) + "<![CDATA[".Length;
        int end = perlSvg.IndexOf("]]>", start, StringComparison.Ordinal);
        // flamegraph.pl writes its inverted flag into the script as "if (1 == 0)".
        bool inverted = perlSvg[start..end].Contains("if (1 == 0)", StringComparison.Ordinal);
        string config = $"""

            var nametype = "Function:";
            var fontsize = 12;
            var fontwidth = 0.59;
            var xpad = 10;
            var inverted = {(inverted ? "true" : "false")};
            var searchcolor = "rgb(230,0,230)";
            var fluiddrawing = false;
            var countname = "samples";
            var factor = 1;

            """;
        return perlSvg[..start] + config + File.ReadAllText(FlameSvgBuilder.ScriptPath) + perlSvg[end..];
    }

    // Zooms to every frame (the first 400) by a click event and reports what does not hold:
    // the zoomed frame spans the view, exactly its depth of ancestors are .parent, no other frame
    // of its level stays visible, and visible frames stay inside the view.
    const string ZoomEveryFrame = """
        () => {
            const svg = document.documentElement;
            const full = svg.viewBox.baseVal.width - 20;
            const groups = [...document.getElementById("frames").children];
            const rectOf = g => g.querySelector("rect");
            const ys = groups.map(g => parseFloat(rectOf(g).getAttribute("y")));
            const rootY = inverted ? Math.min(...ys) : Math.max(...ys);
            const before = groups.map(g => rectOf(g).getAttribute("x") + "/" + rectOf(g).getAttribute("width") + "/" + g.querySelector("text").textContent);
            const problems = [];
            let checked = 0;
            for (let i = 0; i < groups.length && checked < 400; i++) {
                const r = rectOf(groups[i]);
                const y = parseFloat(r.getAttribute("y"));
                const origWidth = parseFloat(r.getAttribute("width"));
                const depth = Math.round(Math.abs(y - rootY) / 16);
                r.dispatchEvent(new MouseEvent("click", { bubbles: true, ctrlKey: true }));
                checked++;
                const name = groups[i].querySelector("title").textContent;
                if (depth > 0) {
                    if (Math.abs(parseFloat(r.getAttribute("width")) - full) > 0.01 || Math.abs(parseFloat(r.getAttribute("x")) - 10) > 0.01)
                        problems.push(name + ": zoomed frame does not span the view");
                    const parents = groups.filter(g => g.classList.contains("parent")).length;
                    if (parents !== depth)
                        problems.push(name + ": " + parents + " parents for depth " + depth);
                    const sameLevel = groups.filter(g => !g.classList.contains("hide") && parseFloat(rectOf(g).getAttribute("y")) === y).length;
                    if (sameLevel !== 1)
                        problems.push(name + ": " + sameLevel + " visible frames on its level");
                    const slack = 0.1 * full / origWidth + 0.01;
                    for (const g of groups) {
                        if (g.classList.contains("hide")) continue;
                        const x = parseFloat(rectOf(g).getAttribute("x")), w = parseFloat(rectOf(g).getAttribute("width"));
                        if (x < 10 - slack || x + w > 10 + full + slack)
                            problems.push(name + ": visible frame outside the view: " + g.querySelector("title").textContent);
                    }
                }
                document.getElementById("unzoom").dispatchEvent(new MouseEvent("click", { bubbles: true }));
                const after = groups.map(g => rectOf(g).getAttribute("x") + "/" + rectOf(g).getAttribute("width") + "/" + g.querySelector("text").textContent);
                if (after.some((v, k) => v !== before[k]))
                    problems.push(name + ": Reset Zoom did not restore the markup");
                if (problems.length > 20) break;
            }
            return { checked, problems };
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Zooming_to_every_frame_of_flamegraph_pl_markup_holds(string file)
    {
        string svg = WithOurScript(File.ReadAllText(Corpus.PathOf(file)));
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        var result = await page.Page.EvaluateAsync<JsonElement>(ZoomEveryFrame);

        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Empty(problems);
        // The script saw every frame of the markup (up to its limit of 400), as an XML parser counts them.
        int frames = Svg.SvgComparison.Frames(Svg.SvgComparison.Parse(svg)).Count;
        Assert.Equal(Math.Min(frames, 400), result.GetProperty("checked").GetInt32());
        Assert.Empty(page.Dialogs);
    }

    [Fact]
    public async Task Differential_titles_get_the_zoomed_share_after_their_delta()
    {
        string svg = WithOurScript(File.ReadAllText(Corpus.PathOf("svg/diff-cksum-noploop/expected-default.svg")));
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await page.ClickFrameAsync("noploop");
        await page.HoverFrameAsync("main", 0);

        // 415 of noploop's 417 samples.
        Assert.Equal("Function: main (415 samples, 80.90%; +27.49%; 99.52% of zoomed)", await page.TextAsync("details"));
    }
}
