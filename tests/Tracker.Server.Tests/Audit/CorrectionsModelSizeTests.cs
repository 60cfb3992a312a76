using System.Net;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class CorrectionsModelSizeTests
{
    private const string Study = "sizes";

    [Fact]
    public async Task Correcting_N_moves_the_run_to_the_right_size_with_compute_repriced_as_if_registered_right()
    {
        var sweep = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 41, Steps = 15 });
        var job = sweep.Where(p => p.N == 3e9).ToList();
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        await SweepPoster.PostAsync(api, Study, sweep);
        // The same 3B job three times: registered right, registered as 14B, and registered without a resolvable N.
        var twin = await PostJobAsync(api, "twin", 3e9, job);
        var mislabelled = await PostJobAsync(api, "mislabelled", 14e9, job);
        var unsized = await PostJobAsync(api, "unsized", null, job);
        await StudyWaits.ProjectionsAsync(app);
        var datasetBefore = await CorrectionsCalls.DatasetAsync(api, Study);
        Assert.All(datasetBefore.Points.Where(p => p.RunId == mislabelled), p => Assert.Equal(14e9, p.N));
        Assert.DoesNotContain(datasetBefore.Points, p => p.RunId == unsized);
        var fitBefore = await CorrectionsCalls.LiveFitAsync(api, Study);
        var before = DateTimeOffset.UtcNow;

        const string reason = "registered with the 14B model name; the job trained Qwen2.5-3B";
        var corrected = await CorrectionsCalls.CorrectAsync(api, mislabelled, "model-size", new { parameters = 3e9, reason });
        var twinSummary = await api.GetRunAsync(twin);
        Assert.Equal(3e9, corrected.Run.Model.Parameters);
        Assert.Equal(twinSummary.Compute, corrected.Run.Compute, 1e-12 * twinSummary.Compute);
        var listed = Assert.Single(corrected.Run.Corrections!);
        Assert.Equal(("model-size-corrected", 14e9, 3e9), (listed.Kind, listed.From!.Value, listed.To!.Value));
        await CorrectionsCalls.CorrectAsync(api, mislabelled, "model-size", new { parameters = 3e9, reason }, recorded: false);
        var sized = await CorrectionsCalls.CorrectAsync(api, unsized, "model-size", new { parameters = 3e9, reason = "family name carried no size" });
        Assert.Null(sized.Run.Corrections![0].From);
        Assert.Equal(twinSummary.Compute, sized.Run.Compute, 1e-12 * twinSummary.Compute);

        // Both runs now give exactly the twin's points: same N, C, D, τ, L and reward at every step.
        await StudyWaits.ProjectionsAsync(app);
        var dataset = await CorrectionsCalls.DatasetAsync(api, Study);
        var expected = Points(dataset, twin);
        Assert.Equal(expected, Points(dataset, mislabelled));
        Assert.Equal(expected, Points(dataset, unsized));
        Assert.All(dataset.Points.Where(p => p.N == 14e9), p => Assert.Equal(SyntheticSweep.RunId(PaperFits.BaseCompute, 14e9, 0), p.Run));
        // Runs are averaged per (N, step): the 3B job no longer shifts the 14B average, so the joint fit moves.
        var fit = await CorrectionsCalls.LiveFitAsync(api, Study);
        Assert.NotEqual(E(fitBefore, 14e9), E(fit, 14e9));

        var history = await CorrectionsCalls.HistoryAsync(api, Study, "ModelSizeCorrected");
        Assert.Equal(2, history.Count);
        var correction = history.Single(e => e.StreamId == mislabelled);
        Assert.Equal((14e9, 3e9, reason), (correction.Data.GetProperty("from").GetDouble(), correction.Data.GetProperty("to").GetDouble(), correction.Data.GetProperty("reason").GetString()));
        Assert.Equal(correction.User, correction.Data.TryGetProperty("by", out var by) ? by.GetString() : null);
        Assert.Equal(E(fit, 14e9), E(await StudyWaits.FitAsync(app, Study, atLeast: history.Max(e => e.Sequence)), 14e9));

        // As of before the correction: the run at 14B, as the API showed it then.
        Assert.Equal(datasetBefore.Points, (await CorrectionsCalls.DatasetAsync(api, Study, $"?asOf={AuditCalls.Time(before)}")).Points);
        Assert.Equal(14e9, (await AuditCalls.GetAsync<RunSummaryView>(api, $"/api/v1/runs/{mislabelled}?asOf={AuditCalls.Time(before)}")).Model.Parameters);

        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, mislabelled, "model-size", new { reason }), HttpStatusCode.BadRequest, "parameters: is required");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, mislabelled, "model-size", new { parameters = -3e9, reason }), HttpStatusCode.BadRequest, "parameters: must be a positive number");
        await CorrectionsCalls.ProblemAsync(await CorrectionsCalls.PostAsync(api, mislabelled, "model-size", new { parameters = 3e16, reason }), HttpStatusCode.BadRequest, "at most 1e15");
        await CorrectionsCalls.ProblemAsync(await api.PostRawAsync($"/api/v1/runs/{mislabelled}/corrections/model-size", "{\"parameters\":\"3e9\",\"reason\":\"x\"}"), HttpStatusCode.BadRequest, "parameters");

        await CorrectionsCalls.AssertAuditIntactAsync(api, Study);
    }

    /// <summary>Registers a run and posts the job's steps (tokens for its true size) and held-out evaluations.</summary>
    private static async Task<Guid> PostJobAsync(Api api, string name, double? registeredN, IReadOnlyList<ScalingPoint> job)
    {
        var run = (await api.RegisterAsync(Study, name, parameters: registeredN, batchSize: SweepPoster.BatchSize)).RunId;
        var ordered = job.OrderBy(p => p.Step).ToList();
        var steps = ordered.Zip(ordered.Skip(1), (previous, p) => new StepData(p.Step, Reward: p.Reward, Tokens: (p.X - previous.X) / (6 * p.N))).ToList();
        await api.LogStepsAsync(run, steps);
        await api.RecordEvaluationsAsync(run, ordered.Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)));
        return run;
    }

    private static List<(double N, long Step, double C, double D, double? Tau, double L, double? Reward)> Points(DatasetView dataset, Guid run) =>
        dataset.Points.Where(p => p.RunId == run).OrderBy(p => p.Step).Select(p => (p.N, p.Step, p.C, p.D, p.Tau, p.L, p.Reward)).ToList();

    private static double E(FitView fit, double n) => fit.Sizes.Single(s => s.N == n).E.Value;
}
