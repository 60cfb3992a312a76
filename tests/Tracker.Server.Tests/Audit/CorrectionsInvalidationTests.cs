using System.Net;
using Tracker.Contracts.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class CorrectionsInvalidationTests
{
    private const string Study = "invalidation";

    [Fact]
    public async Task Invalidating_an_evaluation_removes_its_point_from_the_dataset_and_fit_but_not_from_history()
    {
        var sweep = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 31, Steps = 15 });
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var runs = await SweepPoster.PostAsync(api, Study, sweep);
        var run = runs[SyntheticSweep.RunId(PaperFits.BaseCompute, 3e9, 0)];
        await StudyWaits.ProjectionsAsync(app);
        var fitBefore = await CorrectionsCalls.LiveFitAsync(api, Study);
        var datasetBefore = await CorrectionsCalls.DatasetAsync(api, Study);
        var before = DateTimeOffset.UtcNow;
        long lastStep = sweep.Where(p => p.N == 3e9).Max(p => p.Step);
        Assert.Equal(lastStep, (await api.GetRunAsync(run)).LastEvaluations["holdout"].Step);

        const string reason = "grader timed out on half the problems at this step";
        var result = await CorrectionsCalls.CorrectAsync(api, run, "invalidate-evaluation", new { step = lastStep, dataset = "holdout", reason });
        // The summary never shows an invalid evaluation as the latest one.
        Assert.False(result.Run.LastEvaluations.ContainsKey("holdout"));
        var listed = Assert.Single(result.Run.Corrections!);
        Assert.Equal(("evaluation-invalidated", lastStep, "holdout", reason), (listed.Kind, listed.Step!.Value, listed.Dataset, listed.Reason));
        await CorrectionsCalls.CorrectAsync(api, run, "invalidate-evaluation", new { step = lastStep, dataset = "holdout", reason }, recorded: false);

        await StudyWaits.ProjectionsAsync(app);
        var dataset = await CorrectionsCalls.DatasetAsync(api, Study);
        Assert.Equal(datasetBefore.Points.Where(p => !(p.RunId == run && p.Step == lastStep)), dataset.Points);
        var fit = await CorrectionsCalls.LiveFitAsync(api, Study);
        Assert.Equal(fitBefore.PointsUsed - 1, fit.PointsUsed);
        Assert.Equal(fitBefore.Sizes.Single(s => s.N == 3e9).Points - 1, fit.Sizes.Single(s => s.N == 3e9).Points);

        // History keeps both the evaluation and its invalidation; the past reads as it was.
        var correction = await CorrectionsCalls.CorrectionInHistoryAsync(api, Study, "EvaluationInvalidated", reason);
        Assert.Equal(lastStep, correction.Data.GetProperty("step").GetInt64());
        Assert.Contains(await CorrectionsCalls.HistoryAsync(api, Study, "EvaluationsRecorded"), e => e.StreamId == run);
        Assert.Equal(datasetBefore.Points, (await CorrectionsCalls.DatasetAsync(api, Study, $"?asOf={AuditCalls.Time(before)}")).Points);
        Assert.Equal(lastStep, (await AuditCalls.GetAsync<RunSummaryView>(api, $"/api/v1/runs/{run}?asOf={AuditCalls.Time(before)}")).LastEvaluations["holdout"].Step);
        Assert.True((await StudyWaits.FitAsync(app, Study, atLeast: correction.Sequence)).PointsUsed == fit.PointsUsed);

        // Re-posting the invalidated evaluation is a duplicate: it does not come back.
        var repost = await api.RecordEvaluationsAsync(run, sweep.Where(p => p.N == 3e9 && p.Step == lastStep).Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)));
        Assert.Equal((0, 1), (repost.Accepted, repost.Duplicates));

        var events = await db.CountRunEventsAsync();
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "invalidate-evaluation", new { step = 999, dataset = "holdout", reason }), HttpStatusCode.NotFound, "no evaluation of dataset 'holdout' at step 999");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "invalidate-evaluation", new { step = 1, dataset = "math500", reason }), HttpStatusCode.NotFound, "'math500' at step 1");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "invalidate-evaluation", new { dataset = "holdout" }), HttpStatusCode.BadRequest, "step: is required", "reason: is required");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, run, "invalidate-evaluation", new { step = -1, dataset = "holdout", reason }), HttpStatusCode.BadRequest, "step: must be an integer");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, Guid.NewGuid(), "invalidate-evaluation", new { step = 1, dataset = "holdout", reason }), HttpStatusCode.NotFound, "is not registered");
        Assert.Equal(events, await db.CountRunEventsAsync());

        await CorrectionsCalls.AssertAuditIntactAsync(api, Study);
    }
}
