using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Tracker.Web.Tests.Browser;

/// <summary>Everything a page asks for and complains about: the tests assert that every request goes to the app on
/// 127.0.0.1 (no CDN, no telemetry) and that the console stays free of errors.</summary>
public sealed class PageWatch
{
    private readonly string _baseUrl;

    private PageWatch(IPage page, string baseUrl)
    {
        Page = page;
        _baseUrl = baseUrl;
        page.Request += (_, request) => Requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Errors.Add($"HTTP {response.Status}: {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    public ConcurrentBag<string> Requests { get; } = [];

    public ConcurrentBag<string> Errors { get; } = [];

    public static async Task<PageWatch> OpenAsync(Chromium browser, string baseUrl)
    {
        var page = await browser.Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return new PageWatch(page, baseUrl);
    }

    public async Task GotoAsync(string path) =>
        await Page.GotoAsync(_baseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 60_000 });

    /// <summary>Waits until the Blazor circuit has rendered the page interactively (the live badge says so).</summary>
    public async Task WaitLiveAsync() =>
        await Assertions.Expect(Page.Locator("#live-indicator")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("live-live"), new() { Timeout = 30_000 });

    public void AssertClean()
    {
        var foreign = Requests.Where(u => !u.StartsWith(_baseUrl + "/", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal) && !u.StartsWith("blob:", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(foreign.Count == 0, "requests left 127.0.0.1: " + string.Join(", ", foreign));
        Assert.True(Errors.IsEmpty, "browser errors: " + string.Join(" | ", Errors));
    }

    public async Task CloseAsync()
    {
        AssertClean();
        await Page.CloseAsync();
    }
}
