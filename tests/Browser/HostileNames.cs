namespace FlameGraph.Tests.Browser;

/// <summary>
/// Frame names that would run script if the SVG did not escape them, and the checks that they
/// show as plain text: shared by the tests on hand-built markup and on fg-svg's own output.
/// </summary>
static class HostileNames
{
    public const string CloseText = "</text><script>alert(1)</script>";
    public const string Attribute = "\" onload=\"alert(1)";

    /// <summary>Folded input: the two names under `main`, 600 and 400 samples.</summary>
    public static string[] Folded => ["main;" + CloseText + " 600", "main;" + Attribute + " 400"];

    /// <summary>Hovering shows each name verbatim in the details line; zooming keeps it as the label.</summary>
    public static async Task AssertShownAsTextAsync(FlameGraphPage page)
    {
        await page.HoverFrameAsync(CloseText);
        Assert.Equal($"Function: {CloseText} (600 samples, 60.00%)", await page.TextAsync("details"));
        await page.HoverFrameAsync(Attribute);
        Assert.Equal($"Function: {Attribute} (400 samples, 40.00%)", await page.TextAsync("details"));
        await page.ClickFrameAsync(CloseText);
        Assert.Equal(CloseText, (await page.FrameAsync(CloseText)).Label);
    }

    /// <summary>Only the graph's own script element exists, and no alert ever opened.</summary>
    public static async Task AssertNothingRanAsync(FlameGraphPage page)
    {
        Assert.Equal(1, await page.Page.Locator("script").CountAsync());
        Assert.DoesNotContain(page.Dialogs, d => d.StartsWith("alert", StringComparison.Ordinal));
    }
}
