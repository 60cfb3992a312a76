using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Runs;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Studies.Curves;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Studies;

/// <summary>The run-curve shard reads every step batch; Marten's default paging let it hold thousands of them in memory
/// when it fell behind (the soak benchmark grew to 3 GiB). The server bounds it, and curves stay whole when a run's
/// events are split over many small pages.</summary>
public sealed class RunCurveDaemonLimitsTests
{
    [Fact]
    public async Task The_run_curve_shard_pages_are_bounded_by_default()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        _ = app.CreateClient();

        var options = CurveShardOptions(app);

        Assert.Equal((100, 200, 8), (options.BatchSize, options.MaximumHopperSize, options.CacheLimitPerTenant));
    }

    [Fact]
    public async Task Curves_built_from_pages_of_two_events_hold_every_step_in_order()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?>
        {
            [RunCurveDaemonLimits.BatchSizeKey] = "2",
            [RunCurveDaemonLimits.MaxEventsAheadKey] = "4",
            [RunCurveDaemonLimits.CachedCurvesKey] = "0",
        });
        var api = new Api(app.CreateClient());
        var options = CurveShardOptions(app);
        Assert.Equal((2, 4, 0), (options.BatchSize, options.MaximumHopperSize, options.CacheLimitPerTenant));
        var first = (await api.RegisterAsync("paged-curves", "a")).RunId;
        var second = (await api.RegisterAsync("paged-curves", "b")).RunId;

        // Interleaved runs, one batch arriving late: a page boundary falls inside each run's history many times.
        foreach (var batch in new[] { 9, 0, 1, 2, 3, 4, 5, 6, 7, 8 })
        {
            await api.LogStepsAsync(first, Enumerable.Range(batch * 10, 10).Select(s => new StepData(s, Reward: s / 100.0, Tokens: 1_000)));
            await api.LogStepsAsync(second, Enumerable.Range(batch * 10, 10).Select(s => new StepData(s, Reward: -s / 100.0, Tokens: 1_000)));
        }

        await StudyWaits.ProjectionsAsync(app);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var (run, sign) in new[] { (first, 1.0), (second, -1.0) })
        {
            var curve = await session.LoadAsync<RunCurve>(run);
            Assert.NotNull(curve);
            Assert.Equal(Enumerable.Range(0, 100).Select(s => (long)s), curve.Steps);
            Assert.Equal(Enumerable.Range(0, 100).Select(s => (double?)(sign * s / 100.0)), curve.Reward);
        }
    }

    [Theory]
    [InlineData(RunCurveDaemonLimits.BatchSizeKey, "0", "Tracker:Projections:RunCurves:BatchSize is '0'; it must be a whole number, at least 1")]
    [InlineData(RunCurveDaemonLimits.MaxEventsAheadKey, "lots", "Tracker:Projections:RunCurves:MaxEventsAhead is 'lots'; it must be a whole number, at least 1")]
    [InlineData(RunCurveDaemonLimits.CachedCurvesKey, "-1", "Tracker:Projections:RunCurves:CachedCurves is '-1'; it must be a whole number, at least 0")]
    [InlineData(RunCurveDaemonLimits.MaxEventsAheadKey, "50", "Tracker:Projections:RunCurves:MaxEventsAhead (50) must be at least Tracker:Projections:RunCurves:BatchSize (100)")]
    public void Limits_that_cannot_work_stop_the_server_with_what_they_must_be(string key, string value, string message)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        configuration[key] = value;

        var error = Assert.Throws<InvalidOperationException>(() => _ = RunCurveDaemonLimits.From(configuration));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static AsyncOptions CurveShardOptions(TrackerApp app)
    {
        var store = (DocumentStore)app.Services.GetRequiredService<IDocumentStore>();
        Assert.True(store.Options.Projections.TryFindProjection("RunCurve", out var source), "RunCurve projection registered");
        return source!.Options;
    }
}
