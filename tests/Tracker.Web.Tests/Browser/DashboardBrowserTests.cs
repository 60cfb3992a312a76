using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Tracker.Contracts.Runs;

namespace Tracker.Web.Tests.Browser;

/// <summary>The dashboard in Debian Chromium against the real server on a real port, with data posted through the
/// HTTP API. Every test also checks that no request left 127.0.0.1 and the console stayed clean.</summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>What Plotly drew: axis types and, per trace, its name, role (meta), dash and point count.</summary>
    public const string ChartState = """
        id => {
            const g = document.getElementById(id);
            if (!g || !g._fullLayout || !g.data) return null;
            return {
                xType: g._fullLayout.xaxis.type,
                yType: g._fullLayout.yaxis.type,
                traces: g.data.map(t => ({ name: t.name, meta: t.meta ?? null, dash: (t.line && t.line.dash) || null, points: (t.x || []).filter(v => v !== null).length }))
            };
        }
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<PageWatch> OpenAsync(string path)
    {
        var watch = await PageWatch.OpenAsync(fixture.Browser, fixture.Server.BaseUrl);
        await watch.GotoAsync(path);
        await watch.WaitLiveAsync();
        return watch;
    }

    private static async Task<ChartInfo> ChartAsync(IPage page, string id)
    {
        await page.WaitForFunctionAsync($"id => {{ const g = document.getElementById(id); return g && g._fullLayout && g.data && g.data.length > 0; }}", id);
        var json = await page.EvaluateAsync<JsonElement>(ChartState, id);
        return json.Deserialize<ChartInfo>(Json)!;
    }

    [Fact]
    public async Task The_studies_page_lists_every_study_and_filters_them()
    {
        var watch = await OpenAsync("/");
        var page = watch.Page;

        await Assertions.Expect(page.Locator("#studies tbody tr")).ToHaveCountAsync(2);
        var sweep = page.Locator($"tr[data-study='{DashboardFixture.Sweep}']");
        await Assertions.Expect(sweep).ToContainTextAsync("0.5B, 1.5B, 3B, 7B, 14B, 32B, 72B");
        await page.Locator("#study-search").FillAsync("reuse");
        await Assertions.Expect(page.Locator("#studies tbody tr")).ToHaveCountAsync(1);
        await page.Locator("#studies tbody tr a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(fixture.Server.BaseUrl + "/studies/" + DashboardFixture.Reuse);
        await watch.CloseAsync();
    }

    [Fact]
    public async Task The_study_page_draws_one_trace_per_size_and_a_dashed_fit_per_size_on_log_axes()
    {
        var watch = await OpenAsync("/studies/" + DashboardFixture.Sweep);
        var page = watch.Page;

        await Assertions.Expect(page.Locator("#fit-compute")).ToHaveAttributeAsync("data-succeeded", "true");
        var chart = await ChartAsync(page, "loss-chart");
        Assert.Equal("log", chart.XType);
        Assert.Equal("log", chart.YType);
        var data = chart.Traces.Where(t => t.Meta == "data").ToList();
        var fits = chart.Traces.Where(t => t.Meta == "fit").ToList();
        Assert.Equal(["0.5B", "1.5B", "3B", "7B", "14B", "32B", "72B"], data.Select(t => t.Name));
        Assert.Equal(7, fits.Count);
        Assert.All(fits, f => Assert.Equal("dash", f.Dash));
        Assert.Equal(7, await page.Locator("#loss-chart g.trace.scatter").CountAsync() - fits.Count);

        // The k(N) chart and the data tab.
        var k = await ChartAsync(page, "k-chart");
        Assert.Contains(k.Traces, t => t.Meta == "fit" && t.Name.StartsWith("k(N)", StringComparison.Ordinal));
        await page.Locator("#tab-data").ClickAsync();
        await Assertions.Expect(page.Locator("#axis-panel")).ToHaveAttributeAsync("data-axis", "data");
        await page.WaitForFunctionAsync("() => document.getElementById('loss-chart')?._fullLayout?.xaxis?.title?.text?.startsWith('D ')");
        await watch.CloseAsync();
    }

    [Fact]
    public async Task A_new_evaluation_updates_the_chart_and_the_fit_without_a_reload_within_two_seconds()
    {
        var watch = await OpenAsync("/studies/" + DashboardFixture.Sweep);
        var page = watch.Page;
        var before = (await ChartAsync(page, "loss-chart")).Traces.Single(t => t.Meta == "data" && t.Name == "7B").Points;
        var fitPoints = await page.Locator("#fit-points").TextContentAsync();
        // Marks on the window and on the chart's element: a reload or a re-created chart (flicker) would lose them.
        await page.EvaluateAsync("() => { window.__sameDocument = true; document.getElementById('loss-chart').__sameChart = true; }");

        var run = fixture.SweepRuns[Scaling.Synthetic.SyntheticSweep.RunId(fixture.SweepSpec.Law, 7e9, 0)];
        var step = 41 + Interlocked.Increment(ref _extraSteps);
        await fixture.Api.StepsAsync(run, [Poster.Step(step, Poster.TokensPerStep, 0.5)]);
        await fixture.Api.EvaluationsAsync(run, [new EvaluationData(step, "holdout", 0.52, 500)]);
        var clock = Stopwatch.StartNew();

        await page.WaitForFunctionAsync(
            "n => document.getElementById('loss-chart').data.find(t => t.meta === 'data' && t.name === '7B').x.filter(v => v !== null).length > n",
            before,
            new() { Timeout = 10_000, PollingInterval = 20 });
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the chart changed {elapsed.TotalMilliseconds:0} ms after the 2xx");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('loss-chart').__sameChart === true"), "the chart element was replaced");
        await Assertions.Expect(page.Locator("#fit-points")).Not.ToHaveTextAsync(fitPoints!);
        await watch.CloseAsync();
    }

    private static int _extraSteps;

    [Fact]
    public async Task A_run_reusing_its_prompts_100_times_shows_its_warning()
    {
        var watch = await OpenAsync("/studies/" + DashboardFixture.Reuse);
        var page = watch.Page;

        var warning = page.Locator("#reuse-warnings li.warning.open[data-kind='reuse-threshold-exceeded']").Filter(new() { HasText = "tau100" });
        await Assertions.Expect(warning).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(warning).ToContainTextAsync("raised");
        await Assertions.Expect(warning.Locator("dl.evidence")).ToContainTextAsync("tau");
        await Assertions.Expect(page.Locator("#reuse-runs tr", new() { HasText = "tau100" }).Locator("td.tau")).ToHaveTextAsync("100");
        // τ = 25 is at the threshold, not over it.
        await Assertions.Expect(page.Locator("#reuse-warnings li.warning.open[data-kind='reuse-threshold-exceeded']").Filter(new() { HasText = "tau25" })).ToHaveCountAsync(0);
        await watch.CloseAsync();
    }

    [Fact]
    public async Task The_planner_answers_for_a_budget()
    {
        var watch = await OpenAsync("/studies/" + DashboardFixture.Sweep);
        var page = watch.Page;

        await page.Locator("#plan-budget").FillAsync("1e22");
        await page.Locator("#plan-submit").ClickAsync();

        await Assertions.Expect(page.Locator("#plan-best")).ToContainTextAsync("Train ");
        await Assertions.Expect(page.Locator("#plan-best")).ToContainTextAsync("at C = 1.00e22");
        Assert.Equal(7, await page.Locator("#plan-result tbody tr").CountAsync());

        await page.Locator("#crossover-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#crossover-result")).ToContainTextAsync("C* = ");
        await watch.CloseAsync();
    }

    [Fact]
    public async Task The_run_page_shows_identity_metrics_and_the_event_history()
    {
        var run = fixture.ReuseRuns[100];
        var watch = await OpenAsync($"/runs/{run}");
        var page = watch.Page;

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("tau100");
        await Assertions.Expect(page.Locator("#run-tau")).ToHaveTextAsync("100");
        var rows = page.Locator("#event-table tbody tr");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-type", "RunRegistered");
        await Assertions.Expect(page.Locator("#event-table tbody tr[data-type='StepsLogged']")).ToContainTextAsync("100 steps, steps 1–100");
        await Assertions.Expect(page.Locator("#event-table tbody tr[data-type='EvaluationsRecorded']")).ToContainTextAsync("on holdout");
        var reward = await ChartAsync(page, "metric-chart-reward");
        Assert.Equal(100, Assert.Single(reward.Traces).Points);
        await page.Locator(".metric-choice[value='kl']").CheckAsync();
        Assert.Equal("kl", Assert.Single((await ChartAsync(page, "metric-chart-kl")).Traces).Name);
        await Assertions.Expect(page.Locator("#run-config")).ToContainTextAsync("grpo", new() { UseInnerText = false });
        await watch.CloseAsync();
    }

    [Fact]
    public async Task Compare_overlays_a_metric_of_runs_from_several_studies_and_keeps_them_in_the_address()
    {
        var reuse = fixture.ReuseRuns[100];
        var sweep = fixture.SweepRuns.Values.First();
        var watch = await PageWatch.OpenAsync(fixture.Browser, fixture.Server.BaseUrl);
        await watch.GotoAsync($"/compare?runs={reuse},{sweep}&metric=reward");
        var page = watch.Page;

        await Assertions.Expect(page.Locator("#compare-selected li")).ToHaveCountAsync(2);
        var chart = await ChartAsync(page, "compare-chart");
        Assert.Equal(2, chart.Traces.Count);
        Assert.Contains(chart.Traces, t => t.Name.StartsWith(DashboardFixture.Reuse + " / tau100", StringComparison.Ordinal));

        await page.Locator("#compare-search").FillAsync("tau1-");
        await page.Locator("#compare-found button.add-run").First.ClickAsync();
        await Assertions.Expect(page.Locator("#compare-selected li")).ToHaveCountAsync(3);
        await page.WaitForFunctionAsync("() => document.getElementById('compare-chart').data.length === 3");
        Assert.Equal(3, new Uri(page.Url).Query.Split("%2C").Length);

        await page.Locator("#compare-metric").SelectOptionAsync("eval:holdout");
        await page.WaitForFunctionAsync("() => document.getElementById('compare-chart')._fullLayout.title.text === 'pass@1 on holdout'");
        await watch.CloseAsync();
    }

    [Fact]
    public async Task A_held_out_size_is_predicted_with_a_band_and_the_axis_tabs_work_from_the_keyboard()
    {
        var watch = await OpenAsync("/studies/" + DashboardFixture.Sweep);
        var page = watch.Page;

        await page.Locator("#holdout").SelectOptionAsync(new SelectOptionValue { Label = "72B" });
        await Assertions.Expect(page.Locator("#holdout-result")).ToContainTextAsync("72B predicted from the others: R² = ");
        await page.WaitForFunctionAsync("() => document.getElementById('loss-chart').data.some(t => t.meta === 'band')");

        await page.Locator("#tab-compute").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#axis-panel")).ToHaveAttributeAsync("data-axis", "data");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator("#axis-panel")).ToHaveAttributeAsync("data-axis", "compute");
        await watch.CloseAsync();
    }

    [Fact]
    public async Task The_dataset_and_fits_download_as_csv()
    {
        using var http = fixture.Server.Http();

        var dataset = await http.GetStringAsync($"/dashboard/export/studies/{DashboardFixture.Sweep}/dataset.csv");
        var rows = dataset.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("n,run_id,run,step,c,d,tau,l,reward", rows[0]);
        Assert.True(rows.Length > 7 * 40, $"{rows.Length} rows");

        var fit = await http.GetStringAsync($"/dashboard/export/studies/{DashboardFixture.Sweep}/fit.csv");
        var fitRows = fit.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + (2 * 7), fitRows.Length);
        Assert.StartsWith("compute,True,,0.", fitRows[1], StringComparison.Ordinal);

        var missing = await http.GetAsync(new Uri("/dashboard/export/studies/nope/fit.csv", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    public sealed record ChartInfo(string XType, string YType, List<TraceInfo> Traces);

    public sealed record TraceInfo(string Name, string? Meta, string? Dash, int Points);
}
