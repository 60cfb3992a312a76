using Marten;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Studies;

/// <summary>A study's data is re-read only where it moved: a new evaluation of one run reads that run's curve again,
/// and the result is the same as a derivation from nothing.</summary>
public sealed class StudyDataReadTests
{
    [Fact]
    public async Task A_change_to_one_run_rereads_only_that_run_and_gives_what_a_fresh_read_gives()
    {
        var points = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 11, Steps = 12 });
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var runs = await SweepPoster.PostAsync(api, "reread", points);
        await StudyWaits.ProjectionsAsync(app);

        var first = await ReadAsync(app);
        Assert.Equal(points.Count, first.Points.Count);

        var moved = runs.Values.First();
        await api.RecordEvaluationsAsync(moved, [new EvaluationData(13, "holdout", 0.5, 500)]);
        await StudyWaits.ProjectionsAsync(app);
        var second = await ReadAsync(app);

        Assert.Equal(points.Count + 1, second.Points.Count);
        Assert.Contains(second.Points, p => p.RunId == moved && p.Step == 13);
        foreach (var curve in second.Curves)
        {
            var before = first.Curves.Single(c => c.Id == curve.Id);
            // The same object where nothing moved (not read again), a new one where something did.
            Assert.Equal(curve.Id != moved, ReferenceEquals(before, curve));
        }

        using var scope = app.Services.CreateScope();
        var fresh = new StudyQueries(scope.ServiceProvider.GetRequiredService<IQuerySession>(), TimeProvider.System, new StudyDataCache());
        var summary = (await fresh.GetSummaryAsync("reread", CancellationToken.None))!;
        var all = await fresh.GetDataAsync(summary, CancellationToken.None);
        Assert.Equal(all.HighWaterMark, second.HighWaterMark);
        Assert.Equal(all.Points.OrderBy(p => p.RunId).ThenBy(p => p.Step), second.Points.OrderBy(p => p.RunId).ThenBy(p => p.Step));
    }

    private static async Task<StudyData> ReadAsync(TrackerApp app)
    {
        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<StudyQueries>();
        StudySummary summary = (await queries.GetSummaryAsync("reread", CancellationToken.None))!;
        return await queries.GetDataAsync(summary, CancellationToken.None);
    }
}
