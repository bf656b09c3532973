using System.Text;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Browser;

/// <summary>
/// The SVGs fg-svg writes, opened in Chromium: the embedded flamegraph.js must work on the real
/// markup (hover, zoom, search, URL state, icicle, flame chart, escaping of frame names).
/// Expected shares come from the same folded input laid out by <see cref="FlameSvgBuilder"/>.
/// </summary>
public class FgSvgBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    static readonly string[] Profile =
    [
        "main;parse;lex 100",
        "main;parse;tokenize 50",
        "main;run;compute;add 200",
        "main;run;compute;mul 150",
        "main;run;io 100",
        "main;idle 77",
        "init;load 123",
        "other 200",
    ];

    static string Render(IEnumerable<string> folded, params string[] args)
    {
        var input = Encoding.UTF8.GetBytes(string.Join("\n", folded) + "\n");
        var result = ToolProcess.Run("fg-svg", args, input);
        Assert.True(result.ExitCode == 0, $"fg-svg exited {result.ExitCode}: {result.Stderr}");
        return result.StdoutText;
    }

    [Fact]
    public void Fg_svg_embeds_the_script_after_the_config_lines()
    {
        string svg = Render(Profile, "--inverted", "--countname", "bytes");
        Assert.Contains("onload=\"init(evt)\"", svg);
        string js = File.ReadAllText(FlameSvgBuilder.ScriptPath).ReplaceLineEndings("\n").Trim();
        int script = svg.IndexOf(js, StringComparison.Ordinal);
        Assert.True(script > 0, "flamegraph.js is not embedded verbatim");
        string config = svg[svg.IndexOf("<![CDATA[", StringComparison.Ordinal)..script];
        Assert.Contains("var inverted = true;", config);
        Assert.Contains("var countname = \"bytes\";", config);
        Assert.Contains("var nametype = \"Function:\";", config);
        Assert.StartsWith("]]>", svg[(script + js.Length)..].TrimStart());
    }

    [Fact]
    public async Task Hover_zoom_and_reset_work_on_fg_svg_output()
    {
        string svg = Render(Profile);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var geometry = await page.AllGeometryAsync();
        var labels = await page.AllLabelsAsync();

        await page.HoverFrameAsync("parse");
        Assert.Equal("Function: parse (150 samples, 15.00%)", await page.TextAsync("details"));

        await page.ClickFrameAsync("run");
        Assert.Equal(1180, (await page.FrameAsync("run")).Width, 1);
        Assert.Equal(1180.0 * 350 / 450, (await page.FrameAsync("compute")).Width, 0);
        Assert.True((await page.FrameAsync("parse")).Hidden);
        Assert.True((await page.FrameAsync("main")).Parent);
        await page.HoverFrameAsync("compute");
        Assert.Equal("Function: compute (350 samples, 35.00%; 77.78% of zoomed)", await page.TextAsync("details"));
        Assert.StartsWith("?x=", await page.QueryAsync());

        await page.ClickControlAsync("unzoom");
        Assert.Equal(geometry, await page.AllGeometryAsync());
        Assert.Equal(labels, await page.AllLabelsAsync());
        Assert.Equal("", await page.QueryAsync());
    }

    [Fact]
    public async Task Search_on_fg_svg_output_shows_the_matched_share()
    {
        string svg = Render(Profile);
        var reference = new FlameSvgBuilder();
        reference.Build(Profile);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        const string term = "^(parse|compute|add) ";
        page.PromptAnswers.Enqueue(term);

        await page.Page.Keyboard.PressAsync("Control+f");

        Assert.Equal(ExpectedMatch.Text(reference.Frames, term), await page.TextAsync("matched"));
        Assert.Equal("rgb(230,0,230)", (await page.FrameAsync("compute")).Fill);
        Assert.Equal("Reset Search", await page.TextAsync("search"));
    }

    [Fact]
    public async Task Url_state_of_fg_svg_output_restores_on_load()
    {
        string svg = Render(Profile);
        var reference = new FlameSvgBuilder();
        reference.Build(Profile);
        string path = Path.Combine(chromium.WorkDir, "fg-svg-url.svg");
        File.WriteAllText(path, svg);
        string query;
        await using (var first = await FlameGraphPage.OpenFileAsync(chromium, path))
        {
            await first.ClickFrameAsync("compute");
            first.PromptAnswers.Enqueue("^add ");
            await first.ClickControlAsync("search");
            query = await first.QueryAsync();
        }
        Assert.Contains("s=", query);

        await using var page = await FlameGraphPage.OpenFileAsync(chromium, path, query);

        Assert.Equal(1180, (await page.FrameAsync("compute")).Width, 1);
        Assert.True((await page.FrameAsync("io")).Hidden);
        Assert.Equal("rgb(230,0,230)", (await page.FrameAsync("add")).Fill);
        Assert.Equal(ExpectedMatch.Text(reference.Frames, "^add ", reference.Frame("compute")), await page.TextAsync("matched"));
    }

    [Fact]
    public async Task Inverted_fg_svg_output_zooms_with_ancestors_above()
    {
        string svg = Render(Profile, "--inverted");
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var main = (await page.FramesNamedAsync("main")).Single();
        var run = (await page.FramesNamedAsync("run")).Single();
        Assert.True(double.Parse(main.Y, System.Globalization.CultureInfo.InvariantCulture)
                    < double.Parse(run.Y, System.Globalization.CultureInfo.InvariantCulture));

        await page.ClickFrameAsync("run");

        Assert.Equal(1180, (await page.FrameAsync("run")).Width, 1);
        Assert.True((await page.FrameAsync("main")).Parent);
        Assert.False((await page.FrameAsync("compute")).Hidden);
        Assert.Equal(1180.0 * 350 / 450, (await page.FrameAsync("compute")).Width, 0);
        Assert.True((await page.FrameAsync("parse")).Hidden);
    }

    [Fact]
    public async Task Flame_chart_from_fg_svg_zooms_to_one_occurrence()
    {
        string svg = Render(["main;a 100", "main;b 100", "main;a;c 100", "other 100", "main;a 100"], "--flamechart");
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var occurrences = await page.FramesNamedAsync("a");
        Assert.Equal(3, occurrences.Count);

        await page.ClickFrameAtAsync(occurrences[1].View.XAttr, occurrences[1].Y);

        var after = await page.FramesNamedAsync("a");
        Assert.Equal(1180, after.Single(f => !f.View.Hidden).View.Width, 1);
        Assert.Equal(2, after.Count(f => f.View.Hidden));
        Assert.Equal(1180, (await page.FrameAsync("c")).Width, 1);
        Assert.True((await page.FrameAsync("b")).Hidden);
        Assert.True((await page.FrameAsync("other")).Hidden);
    }

    [Fact]
    public async Task Markup_in_frame_names_from_fg_svg_never_runs()
    {
        string svg = Render(HostileNames.Folded);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await HostileNames.AssertShownAsTextAsync(page);
        await HostileNames.AssertNothingRanAsync(page);
    }
}
