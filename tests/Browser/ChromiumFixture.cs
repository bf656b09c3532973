using FlameGraph.Tests.Support;
using Microsoft.Playwright;

namespace FlameGraph.Tests.Browser;

/// <summary>
/// One headless Debian Chromium shared by a test class, driven by Playwright. No browser is
/// downloaded: the system one is used, and its absence skips the tests with a visible message.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    IPlaywright? _playwright;
    IBrowser? _browser;

    readonly ScratchDirectory _work = new("fg-browser-");

    /// <summary>Scratch directory for the SVG files a class writes; removed at the end.</summary>
    public string WorkDir => _work.Path;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Running as root needs --no-sandbox; the rest keeps a closed network quiet.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>The shared browser; skips the calling test when Chromium is not installed.</summary>
    public IBrowser Browser
    {
        get
        {
            if (_browser is null)
                Assert.Skip($"{ChromiumPath} not found (run 'make deps'): browser behaviour NOT checked");
            return _browser;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        _work.Dispose();
    }
}
