using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FlameGraph.Tests.Browser;

/// <summary>What the page shows for one frame: its rect, label and classes.</summary>
public sealed record FrameView(string Title, double X, double Width, string XAttr, string WidthAttr,
    string Fill, string Label, string Classes)
{
    public bool Hidden => Classes.Split(' ').Contains("hide");
    public bool Parent => Classes.Split(' ').Contains("parent");
}

/// <summary>
/// A flame graph SVG open in Chromium, with the helpers the tests need: frames by title, the
/// texts of the controls, and every dialog recorded (prompts answered from <see cref="PromptAnswers"/>).
/// </summary>
public sealed class FlameGraphPage : IAsyncDisposable
{
    readonly IBrowserContext _context;
    public IPage Page { get; }
    public string FileUrl { get; }

    /// <summary>Every dialog the page opened, as "type: message".</summary>
    public List<string> Dialogs { get; } = [];
    public Queue<string> PromptAnswers { get; } = new();

    FlameGraphPage(IBrowserContext context, IPage page, string fileUrl)
    {
        _context = context;
        Page = page;
        FileUrl = fileUrl;
        page.Dialog += async (_, dialog) =>
        {
            lock (Dialogs)
                Dialogs.Add(dialog.Type + ": " + dialog.Message);
            if (dialog.Type == "prompt" && PromptAnswers.Count > 0)
                await dialog.AcceptAsync(PromptAnswers.Dequeue());
            else
                await dialog.DismissAsync();
        };
    }

    /// <summary>Writes the SVG into the fixture's scratch directory and opens it (plus a query string).</summary>
    public static Task<FlameGraphPage> OpenAsync(ChromiumFixture fixture, string svg, string query = "",
        string? fileName = null)
    {
        string path = Path.Combine(fixture.WorkDir, fileName ?? $"graph-{Guid.NewGuid():N}.svg");
        File.WriteAllText(path, svg);
        return OpenFileAsync(fixture, path, query);
    }

    public static async Task<FlameGraphPage> OpenFileAsync(ChromiumFixture fixture, string path, string query = "")
    {
        var browser = fixture.Browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1300, Height = 900 },
        });
        var page = await context.NewPageAsync();
        string url = new Uri(path).AbsoluteUri + query;
        var graph = new FlameGraphPage(context, page, url);
        await page.GotoAsync(url);
        return graph;
    }

    /// <summary>The frame whose title is <paramref name="name"/> or starts with "name (".</summary>
    public async Task<FrameView> FrameAsync(string name, int occurrence = 0)
    {
        var json = await Page.EvaluateAsync<JsonElement>(
            """
            ([name, occurrence]) => {
                const found = [...document.getElementById("frames").children].filter(g => {
                    const t = g.querySelector("title").textContent;
                    return t === name || t.startsWith(name + " (");
                });
                const g = found[occurrence];
                if (!g) return null;
                const r = g.querySelector("rect"), text = g.querySelector("text");
                return {
                    title: g.querySelector("title").textContent,
                    x: r.getAttribute("x"), width: r.getAttribute("width"), fill: r.getAttribute("fill"),
                    label: text ? text.textContent : "", classes: g.getAttribute("class") || "",
                };
            }
            """, new object[] { name, occurrence });
        if (json.ValueKind == JsonValueKind.Null)
            throw new InvalidOperationException($"no frame '{name}' (occurrence {occurrence}) on the page");
        string xAttr = json.GetProperty("x").GetString()!, widthAttr = json.GetProperty("width").GetString()!;
        return new FrameView(json.GetProperty("title").GetString()!,
            double.Parse(xAttr, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(widthAttr, System.Globalization.CultureInfo.InvariantCulture),
            xAttr, widthAttr, json.GetProperty("fill").GetString()!, json.GetProperty("label").GetString()!,
            json.GetProperty("classes").GetString()!);
    }

    /// <summary>Every frame with this name, left to right (document order is the writer's choice).</summary>
    public async Task<List<(FrameView View, string Y)>> FramesNamedAsync(string name)
    {
        int count = await Page.EvaluateAsync<int>(
            """name => [...document.getElementById("frames").children].filter(g => g.querySelector("title").textContent.startsWith(name + " (")).length""",
            name);
        var all = new List<(FrameView, string)>();
        for (int i = 0; i < count; i++)
        {
            var view = await FrameAsync(name, i);
            string y = await Page.EvaluateAsync<string>(
                """([name, i]) => [...document.getElementById("frames").children].filter(g => g.querySelector("title").textContent.startsWith(name + " ("))[i].querySelector("rect").getAttribute("y")""",
                new object[] { name, i });
            all.Add((view, y));
        }
        return all.OrderBy(f => f.Item1.X).ToList();
    }

    /// <summary>Clicks the frame whose rect has these x and y attributes.</summary>
    public Task ClickFrameAtAsync(string x, string y) =>
        Page.Locator($"#frames rect[x=\"{x}\"][y=\"{y}\"]").ClickAsync(new LocatorClickOptions { Force = true });

    /// <summary>x and width attributes of every frame rect, in document order.</summary>
    public Task<string[]> AllGeometryAsync() => Page.EvaluateAsync<string[]>(
        """() => [...document.querySelectorAll("#frames rect")].map(r => r.getAttribute("x") + "/" + r.getAttribute("width"))""");

    /// <summary>Every frame label and text x, in document order.</summary>
    public Task<string[]> AllLabelsAsync() => Page.EvaluateAsync<string[]>(
        """() => [...document.querySelectorAll("#frames text")].map(t => t.getAttribute("x") + "/" + t.textContent)""");

    // The rect of the n-th frame (document order) whose title is the name, with or without counts.
    ILocator FrameRect(string name, int occurrence)
    {
        var title = new Regex("^" + Regex.Escape(name) + "( \\(|$)");
        var withTitle = Page.Locator("title", new PageLocatorOptions { HasTextRegex = title });
        return Page.Locator("#frames > *")
            .Filter(new LocatorFilterOptions { Has = withTitle })
            .Nth(occurrence)
            .Locator("rect");
    }

    public Task ClickFrameAsync(string name, int occurrence = 0, bool ctrl = false) =>
        FrameRect(name, occurrence).ClickAsync(new LocatorClickOptions
        {
            Modifiers = ctrl ? [KeyboardModifier.Control] : null,
            Force = true,
        });

    public Task HoverFrameAsync(string name, int occurrence = 0) =>
        FrameRect(name, occurrence).HoverAsync(new LocatorHoverOptions { Force = true });

    public Task ClickControlAsync(string id) => Page.Locator("#" + id).ClickAsync(new LocatorClickOptions { Force = true });

    public Task<string> TextAsync(string id) => Page.EvaluateAsync<string>("id => document.getElementById(id).textContent", id);

    public Task<string> ClassAsync(string id) =>
        Page.EvaluateAsync<string>("id => document.getElementById(id).getAttribute('class') || ''", id);

    /// <summary>The query string of the page's current URL (after replaceState).</summary>
    public Task<string> QueryAsync() => Page.EvaluateAsync<string>("() => window.location.search");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
