using System.Diagnostics;
using System.Globalization;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tracker.Contracts.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Xunit.Abstractions;

namespace Tracker.Web.Tests.Browser;

/// <summary>Runs only with TRACKER_MEASURE=1: the numbers in docs/performance.md (Dashboard).</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TRACKER_MEASURE") != "1")
        {
            Skip = "a measurement, not a test: set TRACKER_MEASURE=1 to run it";
        }
    }
}

public sealed class Measurements(ITestOutputHelper output)
{
    /// <summary>First meaningful paint: from navigation start until the loss chart is drawn with every size.</summary>
    private const string Painted = """
        sizes => {
            const g = document.getElementById('loss-chart');
            return g && g._fullLayout && g.querySelector('.main-svg') && g.data.filter(t => t.meta === 'data').length === sizes;
        }
        """;

    [MeasurementFact]
    public async Task Study_page_paint_and_live_update_latency()
    {
        await using var server = await DashboardServer.StartAsync();
        var api = new Poster(server.Http());
        var demo = new SweepSpec { Law = PaperFits.BaseCompute, Seed = 11 }; // 7 sizes × 3 runs × 105 steps
        var clock = Stopwatch.StartNew();
        var runs = await api.ComputeSweepAsync("demo", SyntheticSweep.Generate(demo));
        await server.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(5));
        output.WriteLine($"demo study posted and projected in {clock.Elapsed.TotalSeconds:0.0} s");

        await ReadTimeAsync(server, "demo");
        await using var browser = await Chromium.LaunchAsync();
        await PaintAsync(browser, server, "demo", 7, repeats: 10);

        // Live: HTTP 2xx of a new evaluation → the browser's chart has the point.
        var watch = await PageWatch.OpenAsync(browser, server.BaseUrl);
        await watch.GotoAsync("/studies/demo");
        await watch.WaitLiveAsync();
        await watch.Page.WaitForFunctionAsync(Painted, 7);
        var run = runs[SyntheticSweep.RunId(demo.Law, 7e9, 0)];
        var latencies = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var before = await PointsAsync(watch.Page);
            var step = 106 + i;
            await api.StepsAsync(run, [Poster.Step(step, Poster.TokensPerStep, 0.5)]);
            await api.EvaluationsAsync(run, [new EvaluationData(step, "holdout", 0.55, 500)]);
            var since = Stopwatch.StartNew();
            await watch.Page.WaitForFunctionAsync("n => document.getElementById('loss-chart').data.find(t => t.meta === 'data' && t.name === '7B').x.filter(v => v !== null).length > n", before, new() { PollingInterval = 10, Timeout = 30_000 });
            latencies.Add(since.Elapsed.TotalMilliseconds);
            // Spread the posts like a job evaluating every few seconds, not a burst.
            await Task.Delay(300 + (i % 7 * 100));
        }

        latencies.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live update latency over {latencies.Count}: p50 {Percentile(latencies, 0.5):0} ms, p90 {Percentile(latencies, 0.9):0} ms, p99 {Percentile(latencies, 0.99):0} ms, max {latencies[^1]:0} ms"));
        watch.AssertClean();
    }

    [MeasurementFact]
    public async Task Study_page_paint_with_100_runs_of_10000_points()
    {
        await using var server = await DashboardServer.StartAsync();
        var api = new Poster(server.Http());
        var spec = new SweepSpec { Law = PaperFits.BaseCompute, Sizes = [0.5e9, 3e9, 7e9, 32e9, 72e9], Runs = 20, Steps = 10_000, Seed = 5, IncludeStepZero = false };
        var clock = Stopwatch.StartNew();
        await api.ComputeSweepAsync("big", SyntheticSweep.Generate(spec), batch: 5_000);
        await server.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(10));
        output.WriteLine($"100 runs × 10,000 evaluations posted and projected in {clock.Elapsed.TotalSeconds:0.0} s");

        await ReadTimeAsync(server, "big");
        await using var browser = await Chromium.LaunchAsync();
        await PaintAsync(browser, server, "big", 5, repeats: 5);
    }

    [MeasurementFact]
    public async Task Run_page_paint_with_1000000_steps()
    {
        await using var server = await DashboardServer.StartAsync();
        var api = new Poster(server.Http());
        var run = await api.RegisterAsync("long", "one-million-steps", 7e9);
        var clock = Stopwatch.StartNew();
        const int total = 1_000_000, batch = 10_000;
        for (var start = 1; start <= total; start += batch)
        {
            await api.StepsAsync(run, Enumerable.Range(start, batch).Select(s => Poster.Step(s, Poster.TokensPerStep, 0.3 + (0.4 * s / total) + (0.02 * Math.Sin(s)))));
        }

        await api.EvaluationsAsync(run, Enumerable.Range(1, 1_000).Select(i => new EvaluationData(i * 1_000L, "holdout", 0.2 + (0.3 * i / 1_000.0), 500)));
        await server.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(10));
        output.WriteLine($"1,000,000 steps posted and projected in {clock.Elapsed.TotalSeconds:0.0} s");

        // The page first, while nothing of this run is cached: the first view of a run is the one people wait for.
        // A small run's page is opened before, so that the server's and the browser's first-page costs (JIT, circuit,
        // plotly.js download) are not counted as the long run's.
        await using var browser = await Chromium.LaunchAsync();
        var small = await api.RegisterAsync("long", "warm-up", 7e9);
        await api.StepsAsync(small, Enumerable.Range(1, 100).Select(s => Poster.Step(s, Poster.TokensPerStep, 0.3)));
        var warm = await PageWatch.OpenAsync(browser, server.BaseUrl);
        await warm.Page.GotoAsync($"{server.BaseUrl}/runs/{small}", new() { WaitUntil = WaitUntilState.Commit });
        await warm.Page.WaitForFunctionAsync("() => { const g = document.getElementById('metric-chart-reward'); return g && g.querySelector('.main-svg') && g.data && g.data.length === 1; }", null, new() { PollingInterval = 10, Timeout = 120_000 });
        await warm.CloseAsync();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var page = await PageWatch.OpenAsync(browser, server.BaseUrl);
            await page.Page.GotoAsync($"{server.BaseUrl}/runs/{run}", new() { WaitUntil = WaitUntilState.Commit });
            await page.Page.WaitForFunctionAsync("() => { const g = document.getElementById('metric-chart-reward'); return g && g.querySelector('.main-svg') && g.data && g.data.length === 1; }", null, new() { PollingInterval = 10, Timeout = 120_000 });
            times.Add(await page.Page.EvaluateAsync<double>("() => performance.now()"));
            Assert.True(await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart-reward').data[0].x.length") <= 2_000);
            await page.CloseAsync();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run page until the reward chart is drawn (1,000,000 steps): first (cold) {times[0]:0} ms, median of the rest {Median(times.Skip(1).ToList()):0} ms, all [{string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}]"));

        // The server's own reader (the circuit's project-scoped wrapper needs a signed-in component scope).
        var data = server.Services.GetRequiredService<Tracker.Server.Dashboard.DashboardData>();
        var uncached = Stopwatch.StartNew();
        Assert.Equal(total, (await data.GetRunMetricAsync(run, "kl", 2_000))!.TotalPoints);
        output.WriteLine($"server read of a metric not read before (kl, from the metrics dictionary of 1,000,000 steps): {uncached.ElapsedMilliseconds} ms");
        var reads = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            var series = await data.GetRunMetricAsync(run, "reward", 2_000);
            reads.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(total, series!.TotalPoints);
            Assert.True(series.Steps.Count <= 2_000);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server read of one metric of 1,000,000 steps, downsampled to ≤ 2,000 (cached by the page above): median {Median(reads):0} ms, all [{string.Join(", ", reads.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}]"));
    }

    /// <summary>Server side only: one read of everything the study page shows (dataset, fits, saturation, forecasts, reuse).</summary>
    private async Task ReadTimeAsync(DashboardServer server, string study)
    {
        var data = server.Services.GetRequiredService<Tracker.Server.Dashboard.DashboardData>();
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            var page = await data.GetStudyAsync(study);
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.NotNull(page);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{study}: server read of the study page data: first {times[0]:0} ms, median of the rest {Median(times.Skip(1).ToList()):0} ms"));

        // Where that time goes.
        await using var scope = server.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<Tracker.Server.Studies.StudyQueries>();
        var parts = new List<string>();
        var watch = Stopwatch.StartNew();
        var summary = (await queries.GetSummaryAsync(study, default))!;
        var studyData = await queries.GetDataAsync(summary, default);
        parts.Add($"load {watch.ElapsedMilliseconds} ms ({studyData.Points.Count} points)");
        foreach (var axis in new[] { "compute", "data" })
        {
            watch.Restart();
            queries.Fit(studyData, axis);
            parts.Add($"fit {axis} {watch.ElapsedMilliseconds} ms");
            watch.Restart();
            Tracker.Domain.Studies.Analysis.StudyAnalysis.Saturation(axis, studyData.Points);
            parts.Add($"saturation {axis} {watch.ElapsedMilliseconds} ms");
            watch.Restart();
            Tracker.Domain.Studies.Analysis.StudyAnalysis.Forecasts(axis, studyData.Points, _ => ("?", false));
            parts.Add($"forecasts {axis} {watch.ElapsedMilliseconds} ms");
        }

        watch.Restart();
        Tracker.Domain.Studies.Analysis.StudyAnalysis.Reuse(studyData.Points, 25);
        parts.Add($"reuse {watch.ElapsedMilliseconds} ms");
        output.WriteLine($"{study}: " + string.Join(", ", parts));
    }

    private async Task PaintAsync(Chromium browser, DashboardServer server, string study, int sizes, int repeats)
    {
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = await PageWatch.OpenAsync(browser, server.BaseUrl);
            await watch.Page.GotoAsync($"{server.BaseUrl}/studies/{study}", new() { WaitUntil = WaitUntilState.Commit });
            await watch.Page.WaitForFunctionAsync(Painted, sizes, new() { PollingInterval = 10, Timeout = 120_000 });
            times.Add(await watch.Page.EvaluateAsync<double>("() => performance.now()"));
            await watch.CloseAsync();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{study}: first meaningful paint over {repeats} loads: first (cold) {times[0]:0} ms, median of the rest {Median(times.Skip(1).ToList()):0} ms, all [{string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}]"));
    }

    private static async Task<int> PointsAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => document.getElementById('loss-chart').data.find(t => t.meta === 'data' && t.name === '7B').x.filter(v => v !== null).length");

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
