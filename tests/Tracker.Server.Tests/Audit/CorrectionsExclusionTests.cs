using System.Net;
using Tracker.Contracts.Studies;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class CorrectionsExclusionTests
{
    private const string Study = "exclusion";

    [Fact]
    public async Task Excluding_an_outlier_run_changes_the_fit_and_history_time_travel_and_rebuild_show_it()
    {
        var sweep = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 21, Steps = 20 });
        // A 7B run whose held-out loss is far above its size's: what a broken evaluator or a diverged job looks like.
        var outlier = sweep.Where(p => p.N == 7e9).Select(p => p with { RunId = "outlier-7B", L = Math.Min(0.98, p.L + 0.15) }).ToList();
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var runs = await SweepPoster.PostAsync(api, Study, [.. sweep, .. outlier]);
        await StudyWaits.ProjectionsAsync(app);
        var withOutlier = await CorrectionsCalls.LiveFitAsync(api, Study);
        await StudyWaits.FitAsync(app, Study, atLeast: withOutlier.HighWaterMark);
        var before = DateTimeOffset.UtcNow;

        const string reason = "outlier: the 7B job's evaluator used the wrong checkpoint";
        var excluded = await CorrectionsCalls.CorrectAsync(api, runs["outlier-7B"], "exclude", new { reason });
        Assert.True(excluded.Run.ExcludedFromFits);
        Assert.Equal(reason, Assert.Single(excluded.Run.Corrections!).Reason);
        // Repeating it (a retry) records nothing more.
        Assert.False((await CorrectionsCalls.CorrectAsync(api, runs["outlier-7B"], "exclude", new { reason }, recorded: false)).Recorded);

        var correction = await CorrectionsCalls.CorrectionInHistoryAsync(api, Study, "RunExcludedFromFits", reason);
        await StudyWaits.ProjectionsAsync(app);
        var dataset = await CorrectionsCalls.DatasetAsync(api, Study);
        Assert.DoesNotContain(dataset.Points, p => p.RunId == runs["outlier-7B"]);
        Assert.Equal(sweep.Count, dataset.Points.Count);
        var withoutOutlier = await CorrectionsCalls.LiveFitAsync(api, Study);
        // Runs are averaged per (N, step): the outlier no longer pulls the 7B average, hence E(7B), up.
        Assert.True(E(withoutOutlier, 7e9) < E(withOutlier, 7e9), "the outlier's higher loss raised E(7B)");
        Assert.NotEqual(withOutlier.Kmax!.Value, withoutOutlier.Kmax!.Value);

        // The live fitter refits after the correction and records the new fit; forecasts and warnings read the same points.
        var recorded = await StudyWaits.FitAsync(app, Study, atLeast: correction.Sequence);
        Assert.Equal(withoutOutlier.Kmax.Value, recorded.Kmax!.Value);
        var forecasts = await api.Http.GetAsync(new Uri($"/api/v1/studies/{Study}/forecasts", UriKind.Relative));
        Assert.DoesNotContain(runs["outlier-7B"].ToString(), await forecasts.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // As of before the correction: the outlier's points and the fit recorded then.
        var then = await CorrectionsCalls.DatasetAsync(api, Study, $"?asOf={AuditCalls.Time(before)}");
        Assert.Equal(sweep.Count + outlier.Count, then.Points.Count);
        Assert.Equal(withOutlier.Kmax.Value, (await CorrectionsCalls.LiveFitAsync(api, Study, $"&asOf={AuditCalls.Time(before)}")).Kmax!.Value);
        var runThen = await AuditCalls.GetAsync<Contracts.Runs.RunSummaryView>(api, $"/api/v1/runs/{runs["outlier-7B"]}?version={correction.Version - 1}");
        Assert.False(runThen.ExcludedFromFits);

        // Reincluding restores exactly the original fit: the same points give the same numbers.
        var reincluded = await CorrectionsCalls.CorrectAsync(api, runs["outlier-7B"], "include", new { reason = "rerun shows the same loss; keep it" });
        Assert.False(reincluded.Run.ExcludedFromFits);
        Assert.Equal(["excluded-from-fits", "reincluded"], reincluded.Run.Corrections!.Select(c => c.Kind));
        await StudyWaits.ProjectionsAsync(app);
        var restored = await CorrectionsCalls.LiveFitAsync(api, Study);
        Assert.Equal(withOutlier.Kmax.Value, restored.Kmax!.Value);
        Assert.Equal(E(withOutlier, 7e9), E(restored, 7e9));

        await CorrectionsCalls.AssertAuditIntactAsync(api, Study);
    }

    [Fact]
    public async Task Corrections_of_unknown_runs_and_without_a_reason_are_refused_precisely_and_write_nothing()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var run = (await api.RegisterAsync(Study, "r")).RunId;
        var events = await db.CountRunEventsAsync();

        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, Guid.NewGuid(), "exclude", new { reason = "x" }), HttpStatusCode.NotFound, "is not registered");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "exclude", new { }), HttpStatusCode.BadRequest, "reason: is required");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "include", new { reason = "  " }), HttpStatusCode.BadRequest, "reason: is required");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "exclude", new { reason = new string('x', 2001) }), HttpStatusCode.BadRequest, "reason: at most 2000 characters");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "exclude", new { reason = 42 }), HttpStatusCode.BadRequest, "reason");
        await CorrectionsCalls.ProblemAsync(await api.PostRawAsync($"/api/v1/runs/{run}/corrections/exclude", "{\"reason\":"), HttpStatusCode.BadRequest, "malformed JSON");
        Assert.Equal(events, await db.CountRunEventsAsync());

        // Reincluding a run that was never excluded changes nothing and is not recorded.
        await CorrectionsCalls.CorrectAsync(api, run, "include", new { reason = "just in case" }, recorded: false);
        Assert.Equal(events, await db.CountRunEventsAsync());
    }

    private static double E(FitView fit, double n) => fit.Sizes.Single(s => s.N == n).E.Value;
}
