using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Runs;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restarted_server_keeps_everything_and_still_recognises_duplicates()
    {
        var db = await TestDatabase.CreateAsync();
        Guid runId;
        await using (var first = new TrackerApp(db))
        {
            var api = new Api(first.CreateClient());
            runId = (await api.RegisterAsync("s", "r", uniqueSamples: 1024)).RunId;
            await api.LogStepsAsync(runId, Enumerable.Range(0, 50).Select(i => new StepData(i, Reward: i)));
            await api.RecordEvaluationsAsync(runId, [new EvaluationData(49, "holdout", 0.5)]);
        }

        await using var second = new TrackerApp(db);
        var again = new Api(second.CreateClient());
        var summary = await again.GetRunAsync(runId);
        Assert.Equal(50, summary.StepCount);
        Assert.Equal(0.5, summary.LastEvaluations["holdout"].PassAt1);

        // The new process has no ledger in memory: it must rebuild it from the stream to see these as duplicates.
        var retry = await again.LogStepsAsync(runId, Enumerable.Range(40, 20).Select(i => new StepData(i, Reward: i)));
        Assert.Equal((10, 10), (retry.Accepted, retry.Duplicates));
        Assert.Equal(60, (await again.GetRunAsync(runId)).StepCount);
        Assert.Equal(60, (await again.GetStoredStepsAsync(runId)).Count);
    }
}
