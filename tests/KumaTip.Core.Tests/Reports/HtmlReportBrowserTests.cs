using KumaTip.Core.Reports;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KumaTip.Core.Tests.Reports;

/// <summary>The HTML report opened in real headless Chromium: it renders, attacker-written WHOIS runs nothing, nothing is fetched.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _temp = new();

    public HtmlReportBrowserTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    [ChromiumFact]
    public async Task Report_renders_in_chromium_without_running_hostile_whois_or_touching_the_network()
    {
        Assert.True(File.Exists(ChromiumFactAttribute.ChromiumPath), "CI=true and Chromium is missing at " + ChromiumFactAttribute.ChromiumPath + ": apt-get install -y chromium (.ci/run does it).");
        var results = ReportSamples.All();
        var reportPath = _temp.Combine("report.html");
        await File.WriteAllBytesAsync(reportPath, ReportOutput.Write(ReportFormat.Html, results, new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero)));
        var reportUrl = new Uri(reportPath).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync().WaitAsync(Limit);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Timeout = (float)Limit.TotalMilliseconds,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        page.SetDefaultTimeout((float)Limit.TotalMilliseconds);

        var dialogs = new List<string>();
        var requests = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs) dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            lock (requests) requests.Add(request.Url);
        };

        await page.GotoAsync(reportUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "html-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        _output.WriteLine("Screenshot of the rendered report: " + screenshot);

        // It renders: one card per result, the summary chart with its bars, the heading visible.
        Assert.Equal(results.Count, await page.Locator("article.card").CountAsync());
        Assert.Equal(5, await page.Locator("section.summary svg g.bar").CountAsync());
        Assert.True(await page.Locator("h1").IsVisibleAsync());
        var summaryTop = await page.EvaluateAsync<double>("document.querySelector('section.summary').getBoundingClientRect().top");
        var firstCardTop = await page.EvaluateAsync<double>("document.querySelector('article.card').getBoundingClientRect().top");
        Assert.True(summaryTop < firstCardTop, "the summary is written last but must be shown above the cards");

        // Hostile WHOIS ran nothing: no marker, no dialog, no element it tried to create, no javascript: link.
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.kumatipPwned"));
        Assert.Empty(dialogs);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, await page.Locator("link").CountAsync());
        Assert.Equal(0, await page.Locator("svg[onload], [onerror], [onload]").CountAsync());
        Assert.Equal(1, await page.Locator("svg").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript' i]").CountAsync());
        Assert.Equal(results.Count - 1, await page.Locator("a.portal[href^='https://']").CountAsync());
        var hostileCard = page.Locator("article.card", new PageLocatorOptions { HasText = "pwn-whois.example" });
        Assert.Contains(ReportSamples.MarkerScript, await hostileCard.InnerTextAsync());

        // No request but the report itself.
        lock (requests) Assert.Equal(new[] { reportUrl }, requests.Distinct().ToArray());

        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 10_000, "screenshot is suspiciously small: " + png.Length + " bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4).ToArray());
    }
}
