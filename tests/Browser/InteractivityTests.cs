using System.Globalization;

namespace FlameGraph.Tests.Browser;

/// <summary>
/// flamegraph.js in Chromium, on SVGs with flamegraph.pl's structure written by <see cref="FlameSvgBuilder"/>:
/// hover, zoom, search, ignore case, URL state, icicle and flame chart layouts, links, escaping.
/// </summary>
public class InteractivityTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    const string LongName = "tokenize_with_a_rather_long_function_name";

    // 1000 samples in all, so shares are easy to state: main 677, run 450, compute 350, ...
    static readonly string[] Profile =
    [
        "main;parse;lex 100",
        $"main;parse;{LongName} 50",
        "main;run;compute;add 200",
        "main;run;compute;mul 150",
        "main;run;io 100",
        "main;idle 77",
        "init;load 123",
        "other 200",
    ];

    static (FlameSvgBuilder Builder, string Svg) Graph(bool inverted = false)
    {
        var builder = new FlameSvgBuilder { Inverted = inverted };
        return (builder, builder.Build(Profile));
    }

    static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    static string FittedLabel(string name, double width)
    {
        int chars = (int)Math.Floor(width / (12 * 0.59));
        return chars < 3 ? "" : name.Length <= chars ? name : name[..(chars - 2)] + "..";
    }

    [Fact]
    public void Script_never_ends_the_CDATA_section()
    {
        string js = File.ReadAllText(FlameSvgBuilder.ScriptPath);
        Assert.DoesNotContain("]]>", js);
        Assert.Contains("function init(evt)", js);
    }

    [Fact]
    public async Task Hover_shows_the_frame_in_the_details_line_and_mouseout_clears_it()
    {
        var (_, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await page.HoverFrameAsync("parse");
        Assert.Equal("Function: parse (150 samples, 15.00%)", await page.TextAsync("details"));

        await page.HoverFrameAsync("all");
        Assert.Equal("Function: all (1,000 samples, 100%)", await page.TextAsync("details"));

        await page.Page.Mouse.MoveAsync(600, 5);
        Assert.Equal(" ", await page.TextAsync("details"));
    }

    [Fact]
    public async Task Nametype_and_countname_come_from_the_config_lines()
    {
        var builder = new FlameSvgBuilder { NameType = "Size:", CountName = "bytes" };
        string svg = builder.Build(Profile);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await page.ClickFrameAsync("run");
        await page.HoverFrameAsync("io");
        Assert.Equal("Size: io (100 bytes, 10.00%; 22.22% of zoomed)", await page.TextAsync("details"));
    }

    [Fact]
    public async Task Click_zooms_to_a_frame_and_Reset_Zoom_restores_everything()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var geometry = await page.AllGeometryAsync();
        var labels = await page.AllLabelsAsync();
        Assert.Contains("hide", await page.ClassAsync("unzoom"));

        await page.ClickFrameAsync("run");

        var run = await page.FrameAsync("run");
        Assert.Equal(10, run.X, 3);
        Assert.Equal(1180, run.Width, 3);
        var compute = await page.FrameAsync("compute");
        Assert.Equal(1180.0 * 350 / 450, compute.Width, 1);
        Assert.True(compute.Width > Num(builder.Frame("compute").Width));
        Assert.Equal(10, compute.X, 3);
        var io = await page.FrameAsync("io");
        Assert.Equal(10 + 1180.0 * 350 / 450, io.X, 1);
        foreach (var name in new[] { "parse", "lex", "idle", "init", "load", "other" })
            Assert.True((await page.FrameAsync(name)).Hidden, name + " should be hidden");
        foreach (var name in new[] { "main", "all" })
        {
            var ancestor = await page.FrameAsync(name);
            Assert.True(ancestor.Parent, name + " should be a parent");
            Assert.False(ancestor.Hidden);
            Assert.Equal(1180, ancestor.Width, 3);
        }
        Assert.DoesNotContain("hide", await page.ClassAsync("unzoom"));
        var zoomed = builder.Frame("run");
        Assert.Equal($"?x={zoomed.X}&y={zoomed.Y}", await page.QueryAsync());

        await page.ClickControlAsync("unzoom");

        Assert.Equal(geometry, await page.AllGeometryAsync());
        Assert.Equal(labels, await page.AllLabelsAsync());
        Assert.Equal(0, await page.Page.Locator("#frames .hide, #frames .parent").CountAsync());
        Assert.Contains("hide", await page.ClassAsync("unzoom"));
        Assert.Equal("", await page.QueryAsync());
    }

    [Fact]
    public async Task Zoom_refits_labels_with_two_dots()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        Assert.Equal(FittedLabel(LongName, 1180.0 * 50 / 1000), (await page.FrameAsync(LongName)).Label);
        Assert.EndsWith("..", (await page.FrameAsync(LongName)).Label);

        await page.ClickFrameAsync("main");
        var tokenize = await page.FrameAsync(LongName);
        Assert.Equal(FittedLabel(LongName, tokenize.Width), tokenize.Label);
        Assert.Equal(LongName[..10] + "..", tokenize.Label);

        await page.ClickFrameAsync("parse");
        Assert.Equal(LongName, (await page.FrameAsync(LongName)).Label);
        Assert.Equal("parse", (await page.FrameAsync("parse")).Label);
        Assert.Equal("all", (await page.FrameAsync("all")).Label);
    }

    [Fact]
    public async Task Clicking_a_parent_zooms_out_to_it_and_clicking_the_root_resets()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var geometry = await page.AllGeometryAsync();

        await page.ClickFrameAsync("compute");
        Assert.True((await page.FrameAsync("main")).Parent);
        Assert.True((await page.FrameAsync("io")).Hidden);

        await page.ClickFrameAsync("main");
        var main = await page.FrameAsync("main");
        Assert.False(main.Parent);
        Assert.Equal(1180, main.Width, 3);
        Assert.False((await page.FrameAsync("io")).Hidden);
        Assert.False((await page.FrameAsync("parse")).Hidden);
        Assert.Equal(1180.0 * 350 / 677, (await page.FrameAsync("compute")).Width, 1);
        Assert.True((await page.FrameAsync("other")).Hidden);
        var zoomed = builder.Frame("main");
        Assert.Equal($"?x={zoomed.X}&y={zoomed.Y}", await page.QueryAsync());

        await page.ClickFrameAsync("all");
        Assert.Equal(geometry, await page.AllGeometryAsync());
        Assert.Equal(0, await page.Page.Locator("#frames .hide, #frames .parent").CountAsync());
        Assert.Contains("hide", await page.ClassAsync("unzoom"));
        Assert.Equal("", await page.QueryAsync());
    }

    [Fact]
    public async Task Zoomed_details_show_the_share_of_the_zoomed_frame()
    {
        var (_, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await page.HoverFrameAsync("compute");
        Assert.Equal("Function: compute (350 samples, 35.00%)", await page.TextAsync("details"));

        await page.ClickFrameAsync("run");
        await page.HoverFrameAsync("compute");
        Assert.Equal("Function: compute (350 samples, 35.00%; 77.78% of zoomed)", await page.TextAsync("details"));
        await page.HoverFrameAsync("run");
        Assert.Equal("Function: run (450 samples, 45.00%; 100.00% of zoomed)", await page.TextAsync("details"));
        // An ancestor is not a part of the zoomed frame: no share is shown for it.
        await page.HoverFrameAsync("main");
        Assert.Equal("Function: main (677 samples, 67.70%)", await page.TextAsync("details"));
    }

    [Fact]
    public async Task Search_button_prompts_highlights_matches_and_shows_the_matched_share()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var fills = await page.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#frames rect')].map(r => r.getAttribute('fill'))");
        const string term = "^(parse|compute|add) ";
        page.PromptAnswers.Enqueue(term);

        await page.ClickControlAsync("search");

        Assert.Single(page.Dialogs);
        Assert.StartsWith("prompt: Enter a search term", page.Dialogs[0]);
        foreach (var name in new[] { "parse", "compute", "add" })
            Assert.Equal("rgb(230,0,230)", (await page.FrameAsync(name)).Fill);
        foreach (var name in new[] { "lex", "mul", "main", "all" })
            Assert.NotEqual("rgb(230,0,230)", (await page.FrameAsync(name)).Fill);
        string expected = ExpectedMatch.Text(builder.Frames, term);
        Assert.Equal("Matched: 50.0%", expected);
        Assert.Equal(expected, await page.TextAsync("matched"));
        Assert.Equal("Reset Search", await page.TextAsync("search"));
        string query = await page.QueryAsync();
        Assert.StartsWith("?s=", query);
        Assert.Equal(term, Uri.UnescapeDataString(query[3..]));

        await page.ClickControlAsync("search");

        Assert.Single(page.Dialogs);
        Assert.Equal(fills, await page.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#frames rect')].map(r => r.getAttribute('fill'))"));
        Assert.Equal("Search", await page.TextAsync("search"));
        Assert.Contains("hide", await page.ClassAsync("matched"));
        Assert.Equal("", await page.QueryAsync());
    }

    [Fact]
    public async Task Ctrl_F_searches_and_F3_resets_the_search()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        page.PromptAnswers.Enqueue("idle|load");

        await page.Page.Keyboard.PressAsync("Control+f");

        Assert.Single(page.Dialogs);
        Assert.Equal(ExpectedMatch.Text(builder.Frames, "idle|load"), await page.TextAsync("matched"));
        Assert.Equal("Matched: 20.0%", await page.TextAsync("matched"));
        Assert.Equal("rgb(230,0,230)", (await page.FrameAsync("idle")).Fill);

        await page.Page.Keyboard.PressAsync("F3");
        Assert.Single(page.Dialogs);
        Assert.Equal("Search", await page.TextAsync("search"));
        Assert.NotEqual("rgb(230,0,230)", (await page.FrameAsync("idle")).Fill);

        page.PromptAnswers.Enqueue("^other ");
        await page.Page.Keyboard.PressAsync("F3");
        Assert.Equal(2, page.Dialogs.Count);
        Assert.Equal("Matched: 20.0%", await page.TextAsync("matched"));
    }

    [Fact]
    public async Task Ignore_case_toggles_with_Ctrl_I_and_the_ic_button_and_reruns_the_search()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        page.PromptAnswers.Enqueue("^RUN ");
        await page.ClickControlAsync("search");
        Assert.Equal("Matched: 0.0%", await page.TextAsync("matched"));
        Assert.DoesNotContain("show", await page.ClassAsync("ignorecase"));

        await page.Page.Keyboard.PressAsync("Control+i");

        Assert.Contains("show", await page.ClassAsync("ignorecase"));
        Assert.Equal(ExpectedMatch.Text(builder.Frames, "^RUN ", ignoreCase: true), await page.TextAsync("matched"));
        Assert.Equal("Matched: 45.0%", await page.TextAsync("matched"));
        Assert.Equal("rgb(230,0,230)", (await page.FrameAsync("run")).Fill);

        await page.ClickControlAsync("ignorecase");

        Assert.DoesNotContain("show", await page.ClassAsync("ignorecase"));
        Assert.Equal("Matched: 0.0%", await page.TextAsync("matched"));
        Assert.NotEqual("rgb(230,0,230)", (await page.FrameAsync("run")).Fill);

        // The prompt says when case is ignored.
        await page.ClickControlAsync("search");
        await page.ClickControlAsync("ignorecase");
        page.PromptAnswers.Enqueue("x");
        await page.ClickControlAsync("search");
        Assert.Contains(", ignoring case", page.Dialogs[^1]);
    }

    [Fact]
    public async Task An_invalid_regexp_is_reported_and_highlights_nothing()
    {
        var (_, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var errors = new List<string>();
        page.Page.PageError += (_, e) => errors.Add(e);
        page.PromptAnswers.Enqueue("(unclosed");

        await page.ClickControlAsync("search");

        Assert.Equal("Matched: invalid regexp", await page.TextAsync("matched"));
        Assert.Equal(0, await page.Page.Locator("#frames rect[fill='rgb(230,0,230)']").CountAsync());
        Assert.Empty(errors);

        // The button offers to reset the failed search rather than prompting again.
        Assert.Equal("Reset Search", await page.TextAsync("search"));
        await page.ClickControlAsync("search");
        Assert.Single(page.Dialogs);
        Assert.Equal("Search", await page.TextAsync("search"));
    }

    [Fact]
    public async Task Matched_share_follows_the_zoom()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        page.PromptAnswers.Enqueue("^(add|io|lex) ");
        await page.ClickControlAsync("search");
        Assert.Equal("Matched: 40.0%", await page.TextAsync("matched"));

        await page.ClickFrameAsync("run");
        Assert.Equal(ExpectedMatch.Text(builder.Frames, "^(add|io|lex) ", builder.Frame("run")), await page.TextAsync("matched"));
        Assert.Equal("Matched: 66.7%", await page.TextAsync("matched"));

        await page.ClickControlAsync("unzoom");
        Assert.Equal("Matched: 40.0%", await page.TextAsync("matched"));

        // A matching ancestor spans the whole zoomed view.
        await page.ClickControlAsync("search");
        page.PromptAnswers.Enqueue("^main ");
        await page.ClickControlAsync("search");
        await page.ClickFrameAsync("compute");
        Assert.Equal("Matched: 100%", await page.TextAsync("matched"));
    }

    [Fact]
    public async Task Url_parameters_restore_zoom_and_search_on_load()
    {
        var (builder, svg) = Graph();
        var compute = builder.Frame("compute");
        string query = $"?x={compute.X}&y={compute.Y}&s={Uri.EscapeDataString("^add ")}";
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg, query);

        Assert.Equal(1180, (await page.FrameAsync("compute")).Width, 3);
        Assert.True((await page.FrameAsync("parse")).Hidden);
        Assert.True((await page.FrameAsync("run")).Parent);
        Assert.Equal("rgb(230,0,230)", (await page.FrameAsync("add")).Fill);
        Assert.Equal(ExpectedMatch.Text(builder.Frames, "^add ", compute), await page.TextAsync("matched"));
        Assert.Equal("Matched: 57.1%", await page.TextAsync("matched"));
        Assert.Equal("Reset Search", await page.TextAsync("search"));
        Assert.DoesNotContain("hide", await page.ClassAsync("unzoom"));
        Assert.Empty(page.Dialogs);
    }

    [Fact]
    public async Task A_plus_in_the_url_search_stays_a_regexp_plus()
    {
        var (builder, svg) = Graph();
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg, "?s=^ad+%20");

        Assert.Equal(ExpectedMatch.Text(builder.Frames, "^ad+ "), await page.TextAsync("matched"));
        Assert.Equal("Matched: 20.0%", await page.TextAsync("matched"));
        Assert.Equal("rgb(230,0,230)", (await page.FrameAsync("add")).Fill);
    }

    [Fact]
    public async Task Icicle_graph_zooms_with_ancestors_above()
    {
        var (builder, svg) = Graph(inverted: true);
        Assert.True(Num(builder.Frame("main").Y) < Num(builder.Frame("run").Y));
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);
        var geometry = await page.AllGeometryAsync();

        await page.ClickFrameAsync("run");

        Assert.Equal(1180, (await page.FrameAsync("run")).Width, 3);
        Assert.True((await page.FrameAsync("main")).Parent);
        Assert.True((await page.FrameAsync("all")).Parent);
        Assert.False((await page.FrameAsync("compute")).Hidden);
        Assert.False((await page.FrameAsync("compute")).Parent);
        Assert.Equal(1180.0 * 350 / 450, (await page.FrameAsync("compute")).Width, 1);
        Assert.True((await page.FrameAsync("parse")).Hidden);
        Assert.True((await page.FrameAsync("other")).Hidden);

        await page.ClickControlAsync("unzoom");
        Assert.Equal(geometry, await page.AllGeometryAsync());
    }

    [Fact]
    public async Task Flame_chart_zooms_to_one_occurrence_of_a_repeated_frame()
    {
        var builder = new FlameSvgBuilder { FlameChart = true };
        string svg = builder.Build(["main;a 100", "main;b 100", "main;a;c 100", "other 100", "main;a 100"]);
        Assert.Equal(3, builder.Frames.Count(f => f.Name == "a"));
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await page.ClickFrameAsync("a", occurrence: 1);

        var a = await page.FrameAsync("a", 1);
        Assert.Equal(1180, a.Width, 3);
        Assert.Equal(1180, (await page.FrameAsync("c")).Width, 3);
        Assert.True((await page.FrameAsync("a", 0)).Hidden);
        Assert.True((await page.FrameAsync("a", 2)).Hidden);
        Assert.True((await page.FrameAsync("b")).Hidden);
        Assert.True((await page.FrameAsync("main", 0)).Parent);
        Assert.True((await page.FrameAsync("main", 1)).Hidden);
        Assert.True((await page.FrameAsync("other")).Hidden);
        var zoomed = builder.Frame("a", 1);
        Assert.Equal($"?x={zoomed.X}&y={zoomed.Y}", await page.QueryAsync());
    }

    [Fact]
    public async Task Fluid_drawing_fills_the_window_and_zooms_in_drawing_units()
    {
        var builder = new FlameSvgBuilder { FluidDrawing = true };
        string svg = builder.Build(Profile);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        Assert.Null(await page.Page.EvaluateAsync<string?>("() => document.documentElement.getAttribute('width')"));
        Assert.Equal(1300, await page.Page.EvaluateAsync<double>("() => document.documentElement.getBoundingClientRect().width"), 0);

        await page.ClickFrameAsync("run");
        Assert.Equal(1180, (await page.FrameAsync("run")).Width, 3);
        Assert.Equal(1180.0 * 350 / 450, (await page.FrameAsync("compute")).Width, 1);
    }

    [Fact]
    public async Task A_linked_frame_follows_its_link_on_click_and_zooms_on_ctrl_click()
    {
        string target = Path.Combine(chromium.WorkDir, "linked-target.html");
        File.WriteAllText(target, "<html><body>linked</body></html>");
        var builder = new FlameSvgBuilder { Links = new Dictionary<string, string> { ["run"] = new Uri(target).AbsoluteUri } };
        string svg = builder.Build(Profile);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await page.ClickFrameAsync("run", ctrl: true);
        Assert.Equal(1180, (await page.FrameAsync("run")).Width, 3);
        Assert.True((await page.FrameAsync("parse")).Hidden);
        Assert.EndsWith(".svg", new Uri(page.Page.Url).AbsolutePath);

        await page.ClickFrameAsync("run");
        await page.Page.WaitForURLAsync(new Uri(target).AbsoluteUri);
    }

    [Fact]
    public async Task Markup_in_frame_names_is_shown_as_text_and_never_runs()
    {
        var builder = new FlameSvgBuilder();
        string svg = builder.Build(HostileNames.Folded);
        await using var page = await FlameGraphPage.OpenAsync(chromium, svg);

        await HostileNames.AssertShownAsTextAsync(page);
        await page.ClickFrameAsync("main");
        Assert.Equal(HostileNames.Attribute, (await page.FrameAsync(HostileNames.Attribute)).Label);
        page.PromptAnswers.Enqueue("alert");
        await page.ClickControlAsync("search");
        Assert.Equal("Matched: 100%", await page.TextAsync("matched"));

        await HostileNames.AssertNothingRanAsync(page);
    }
}
