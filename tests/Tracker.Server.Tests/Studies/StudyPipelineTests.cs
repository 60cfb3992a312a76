using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Studies;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Studies;

public sealed class StudyPipelineTests
{
    private static readonly SweepSpec Sweep = new() { Law = PaperFits.BaseCompute, Runs = 2, Seed = 5, Steps = 40 };

    [Fact]
    public async Task A_sweep_posted_shuffled_gives_the_same_dataset_and_fit_as_posted_in_order()
    {
        var points = SyntheticSweep.Generate(Sweep);
        await using var ordered = new TrackerApp(await TestDatabase.CreateAsync());
        await using var shuffled = new TrackerApp(await TestDatabase.CreateAsync());
        await SweepPoster.PostAsync(new Api(ordered.CreateClient()), "sweep", points);
        await SweepPoster.PostAsync(new Api(shuffled.CreateClient()), "sweep", points, shuffle: new Random(3));
        await StudyWaits.ProjectionsAsync(ordered);
        await StudyWaits.ProjectionsAsync(shuffled);

        var a = await DatasetAsync(ordered);
        var b = await DatasetAsync(shuffled);
        Assert.Equal(points.Count, a.Points.Count);
        Assert.Equal(Key(a), Key(b));

        var fitA = await FitAsync(ordered, "compute");
        var fitB = await FitAsync(shuffled, "compute");
        Assert.True(fitA.Succeeded, fitA.Reason);
        Assert.Equal(fitA.Kmax!.Value, fitB.Kmax!.Value, 12);
        Assert.Equal(fitA.N0!.Value, fitB.N0!.Value, 3);
        Assert.Equal(7, fitA.Sizes.Count);

        // The server-derived C reproduces the generator's X, so the fit recovers the paper's base-C law.
        Assert.InRange(fitA.Kmax.Value, PaperFits.BaseCompute.Kmax * 0.8, PaperFits.BaseCompute.Kmax * 1.2);
    }

    [Fact]
    public async Task Live_fits_are_recorded_as_events_and_asOf_returns_the_fit_of_that_time()
    {
        var points = SyntheticSweep.Generate(Sweep);
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var early = points.Where(p => p.Step <= 20).ToList();
        await SweepPoster.PostAsync(api, "live", early);
        await StudyWaits.ProjectionsAsync(app);
        var firstLive = await FitAsync(app, "compute", "live");
        var first = await StudyWaits.FitAsync(app, "live", atLeast: firstLive.HighWaterMark);
        var afterFirst = DateTimeOffset.UtcNow;

        await SweepPoster.PostAsync(api, "live", points.Where(p => p.Step > 20).ToList());
        var second = await StudyWaits.FitAsync(app, "live", atLeast: first.HighWaterMark + 1);

        Assert.True(second.HighWaterMark > first.HighWaterMark);
        Assert.NotEqual(first.Kmax!.Value, second.Kmax!.Value);
        var past = await api.Http.GetFromJsonAsync<FitView>(new Uri($"/api/v1/studies/live/fit?axis=compute&asOf={Uri.EscapeDataString(afterFirst.ToString("O"))}", UriKind.Relative), Api.Json);
        Assert.Equal(first.HighWaterMark, past!.HighWaterMark);
        Assert.Equal(first.Kmax.Value, past.Kmax!.Value, 15);
        // What the API answered live at that time is what the history returns now.
        Assert.Equal(firstLive.Kmax!.Value, past.Kmax.Value, 12);

        var tooEarly = await api.Http.GetAsync(new Uri("/api/v1/studies/live/fit?asOf=2000-01-01T00:00:00Z", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, tooEarly.StatusCode);
    }

    [Fact]
    public async Task A_held_out_size_is_predicted_from_the_smaller_ones()
    {
        var points = SyntheticSweep.Generate(Sweep with { Steps = 60 });
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        await SweepPoster.PostAsync(new Api(app.CreateClient()), "holdout", points);
        await StudyWaits.ProjectionsAsync(app);

        var fit = await app.CreateClient().GetFromJsonAsync<FitView>(new Uri("/api/v1/studies/holdout/fit?axis=compute&holdout=72e9", UriKind.Relative), Api.Json);
        Assert.True(fit!.Succeeded, fit.Reason);
        Assert.DoesNotContain(fit.Sizes, s => s.N == 72e9);
        Assert.NotNull(fit.Holdout);
        Assert.True(fit.Holdout!.R2 >= 0.8, $"R² on the held-out 72B points was {fit.Holdout.R2} ({fit.Holdout.Reason})");
        Assert.NotEmpty(fit.Holdout.Predicted);
    }

    [Fact]
    public async Task Crossover_and_plan_answer_from_the_fitted_law()
    {
        var points = SyntheticSweep.Generate(Sweep);
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        await SweepPoster.PostAsync(new Api(app.CreateClient()), "plan", points);
        await StudyWaits.ProjectionsAsync(app);
        var http = app.CreateClient();

        var crossover = await http.GetFromJsonAsync<CrossoverView>(new Uri("/api/v1/studies/plan/crossover?a=32e9&b=72e9", UriKind.Relative), Api.Json);
        Assert.True(crossover!.Exists);
        Assert.InRange(Math.Log10(crossover.X!.Value), 17.5, 20.5); // the paper's base-C law crosses at 1.86e19

        var plan = await http.GetFromJsonAsync<PlanView>(new Uri("/api/v1/studies/plan/plan?compute=1e20", UriKind.Relative), Api.Json);
        Assert.NotNull(plan!.BestOverall);
        Assert.Equal(plan.Candidates.MinBy(c => c.PredictedLoss)!.N, plan.BestOverall!.N);

        var bad = await http.GetAsync(new Uri("/api/v1/studies/plan/crossover?a=32e9", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Changing_the_loss_dataset_is_an_event_and_the_dataset_follows()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("mapping", "r");
        await api.RecordEvaluationsAsync(run.RunId, [new(1, "holdout", 0.3), new(1, "math500", 0.6)]);
        await StudyWaits.ProjectionsAsync(app);

        Assert.Equal(0.7, (await DatasetAsync(app, "mapping")).Points.Single().L, 12);
        var mapped = await api.Http.PutAsJsonAsync(new Uri("/api/v1/studies/mapping/mapping", UriKind.Relative), new { lossDataset = "math500" });
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        var dataset = await DatasetAsync(app, "mapping");
        Assert.Equal("math500", dataset.LossDataset);
        Assert.Equal(0.4, dataset.Points.Single().L, 12);
    }

    private static async Task<DatasetView> DatasetAsync(TrackerApp app, string study = "sweep") =>
        (await app.CreateClient().GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{study}/dataset", UriKind.Relative), Api.Json))!;

    private static async Task<FitView> FitAsync(TrackerApp app, string axis, string study = "sweep") =>
        (await app.CreateClient().GetFromJsonAsync<FitView>(new Uri($"/api/v1/studies/{study}/fit?axis={axis}", UriKind.Relative), Api.Json))!;

    private static List<string> Key(DatasetView d) =>
        d.Points.Select(p => $"{p.Run}|{p.Step}|{p.N}|{p.C:R}|{p.D:R}|{p.L:R}").Order(StringComparer.Ordinal).ToList();
}
