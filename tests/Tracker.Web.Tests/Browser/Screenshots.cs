using Microsoft.Playwright;

namespace Tracker.Web.Tests.Browser;

/// <summary>Screenshots of the dashboard with a simulated sweep, written where TRACKER_SCREENSHOTS points (the
/// repository keeps them in docs/screenshots); without it they go to a temporary directory, so the test still proves
/// every page renders.</summary>
public sealed class Screenshots(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static string Directory =>
        Environment.GetEnvironmentVariable("TRACKER_SCREENSHOTS") is { Length: > 0 } dir
            ? System.IO.Directory.CreateDirectory(dir).FullName
            : System.IO.Directory.CreateTempSubdirectory("tracker-screenshots-").FullName;

    [Fact]
    public async Task Of_the_studies_study_k_of_n_and_run_pages()
    {
        var dir = Directory;
        var watch = await PageWatch.OpenAsync(fixture.Browser, fixture.Server.BaseUrl);
        var page = watch.Page;

        await watch.GotoAsync("/");
        await watch.WaitLiveAsync();
        await Assertions.Expect(page.Locator("#studies tbody tr")).ToHaveCountAsync(2);
        // The list shows what the live fitter recorded: wait for its first fits and warnings.
        await Assertions.Expect(page.Locator($"tr[data-study='{DashboardFixture.Sweep}'] .fit-ok")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"tr[data-study='{DashboardFixture.Reuse}'] td.warn")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ShotAsync(page, dir, "studies.png");

        await watch.GotoAsync("/studies/" + DashboardFixture.Sweep);
        await watch.WaitLiveAsync();
        await DrawnAsync(page, "loss-chart");
        await DrawnAsync(page, "k-chart");
        await page.Locator("#crossover-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#crossover-result")).Not.ToBeEmptyAsync();
        await page.Locator("#plan-budget").FillAsync("3e19");
        await page.Locator("#plan-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#plan-best")).ToBeVisibleAsync();
        await ShotAsync(page, dir, "study-compute.png");
        await page.Locator("#saturation").ScreenshotAsync(new() { Path = Path.Combine(dir, "k-of-n.png") });

        await page.Locator("#tab-data").ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('loss-chart')?._fullLayout?.xaxis?.title?.text?.startsWith('D ')");
        await DrawnAsync(page, "k-chart");
        await ShotAsync(page, dir, "study-data.png");

        await watch.GotoAsync("/studies/" + DashboardFixture.Reuse);
        await watch.WaitLiveAsync();
        await Assertions.Expect(page.Locator("#reuse-warnings li.warning.open")).Not.ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await DrawnAsync(page, "reuse-chart");
        await page.Locator("#reuse").ScreenshotAsync(new() { Path = Path.Combine(dir, "reuse.png") });

        await watch.GotoAsync($"/runs/{fixture.ReuseRuns[100]}");
        await watch.WaitLiveAsync();
        await DrawnAsync(page, "metric-chart-reward");
        await page.Locator(".metric-choice[value='kl']").CheckAsync();
        await DrawnAsync(page, "metric-chart-kl");
        await DrawnAsync(page, "evaluation-chart");
        await ShotAsync(page, dir, "run.png");

        foreach (var name in new[] { "studies.png", "study-compute.png", "study-data.png", "k-of-n.png", "reuse.png", "run.png" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, name)).Length > 10_000, name);
        }

        await watch.CloseAsync();
    }

    private static async Task DrawnAsync(IPage page, string id) =>
        await page.WaitForFunctionAsync($"() => document.querySelector('#{id} .main-svg') !== null");

    private static async Task ShotAsync(IPage page, string dir, string name)
    {
        // Plotly animates nothing here, but let a last react settle before the picture.
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name), FullPage = true });
    }
}
