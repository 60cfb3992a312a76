using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tracker.Scaling.Synthetic;

namespace Tracker.Web.Tests.Browser;

/// <summary>The history views and the study page's time slider in Chromium, against the real server and its event store.</summary>
public sealed class HistoryBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task History_is_reachable_from_the_study_and_run_pages_and_filters_by_type()
    {
        var watch = await PageWatch.OpenAsync(fixture.Browser, fixture.Server.BaseUrl);
        var page = watch.Page;
        await watch.GotoAsync($"/studies/{DashboardFixture.Reuse}");
        await watch.WaitLiveAsync();

        await page.Locator("#study-history-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/studies/{DashboardFixture.Reuse}/history");
        var rows = page.Locator("#history-table tbody tr");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-type", "StudyCreated", new() { Timeout = 30_000 });
        await Assertions.Expect(rows.First.Locator("td").Nth(1)).ToHaveTextAsync("study");
        await page.Locator("#history-type").SelectOptionAsync("RunRegistered");
        await Assertions.Expect(rows).ToHaveCountAsync(fixture.ReuseRuns.Count);
        await Assertions.Expect(page.Locator("#history-table tbody tr[data-type='RunRegistered']")).ToHaveCountAsync(fixture.ReuseRuns.Count);

        var run = fixture.ReuseRuns[100];
        await watch.GotoAsync($"/runs/{run}");
        await watch.WaitLiveAsync();
        await page.Locator("#run-history-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/runs/{run}/history");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("tau100");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-type", "RunRegistered", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#history-table tbody tr[data-type='StepsLogged']").First).ToContainTextAsync("100 steps, steps 1–100");
        await watch.CloseAsync();
    }

    [Fact]
    public async Task The_time_slider_shows_the_dataset_and_fit_as_of_an_earlier_moment()
    {
        var watch = await PageWatch.OpenAsync(fixture.Browser, fixture.Server.BaseUrl);
        var page = watch.Page;
        await watch.GotoAsync($"/studies/{DashboardFixture.Sweep}");
        await watch.WaitLiveAsync();
        var slider = page.Locator("#time-slider");
        await Assertions.Expect(slider).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The moment the fourth run registered (from the API's history), typed as an auditor would: the runs posted
        // before it count, the rest do not.
        var registered = await fixture.Api.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/studies/{DashboardFixture.Sweep}/history?includeRuns=true&type=RunRegistered", UriKind.Relative));
        var fourth = registered.GetProperty("items")[3].GetProperty("timestamp").GetDateTimeOffset();
        var typed = fourth.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture);
        await page.Locator("#time-input").EvaluateAsync("(e, v) => { e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); }", typed);

        await Assertions.Expect(page.Locator("#time-fits tbody tr")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var summary = await page.Locator("#time-summary").InnerTextAsync();
        var runs = int.Parse(Regex.Match(summary, @"(\d+) runs").Groups[1].Value, CultureInfo.InvariantCulture);
        var points = int.Parse(Regex.Match(summary, @"([\d,]+) points").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(runs is 3 or 4, summary);
        Assert.True(points > 0 && points < SyntheticSweep.Generate(fixture.SweepSpec).Count, summary);

        // The slider itself (range inputs cannot be filled: set the value and raise the change a drag raises).
        await slider.EvaluateAsync("(e, v) => { e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); }", "0");
        await Assertions.Expect(page.Locator("#time-summary")).ToContainTextAsync(" runs, 0 points");
        await slider.EvaluateAsync("(e, v) => { e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); }", "1000");
        await Assertions.Expect(page.Locator("#time-summary")).ToContainTextAsync($"7 runs, {SyntheticSweep.Generate(fixture.SweepSpec).Count} points");
        await page.WaitForFunctionAsync("() => { const g = document.getElementById('time-chart'); return g && g.data && g.data.length > 0; }");
        await page.Locator("#time-now").ClickAsync();
        await Assertions.Expect(page.Locator("#time-live")).ToBeVisibleAsync();
        await watch.CloseAsync();
    }
}
