using System.Diagnostics;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Server.Tests.ScaleOut;

/// <summary>Two server processes on one PostgreSQL and one RabbitMQ vhost, as in production.</summary>
public sealed class MultiNodeTests(ITestOutputHelper output)
{
    private static Dictionary<string, string> RabbitNode(string vhost) => new()
    {
        ["Messaging__Transport"] = "RabbitMq",
        ["Messaging__RabbitMq__Host"] = TestEnvironment.RabbitHost,
        ["Messaging__RabbitMq__Port"] = TestEnvironment.RabbitPort,
        ["Messaging__RabbitMq__VirtualHost"] = vhost,
    };

    [Fact]
    public async Task Two_nodes_writing_the_same_run_concurrently_store_every_step_exactly_once()
    {
        var db = await TestDatabase.CreateAsync();
        var node = RabbitNode(TestEnvironment.TakeVhost());
        await using var a = await ServerProcess.StartAsync(db, environment: node);
        await using var b = await ServerProcess.StartAsync(db, environment: node);
        using var httpA = new HttpClient { BaseAddress = a.Address };
        using var httpB = new HttpClient { BaseAddress = b.Address };
        var runId = (await new Api(httpA).RegisterAsync("two-nodes", "r")).RunId;

        // Interleaved, overlapping batches from both nodes: each node's ledger is stale after the other's writes,
        // so every append must go through the expected-version check and catch up.
        var steps = Enumerable.Range(0, 2_000).Select(i => new StepData(i, Reward: i * 1e-3)).ToList();
        var posts = steps.Chunk(40).SelectMany((batch, i) => new[] { (i % 2 == 0 ? httpA : httpB, batch), (i % 2 == 0 ? httpB : httpA, batch) });
        var results = await Task.WhenAll(posts.Select(async p => await new Api(p.Item1).LogStepsAsync(runId, p.batch)));

        Assert.Equal(2_000, results.Sum(r => r.Accepted));
        Assert.Equal(2_000, results.Sum(r => r.Duplicates));
        var stored = await new Api(httpB).GetStoredStepsAsync(runId);
        Assert.Equal(2_000, stored.Count);
        Assert.Equal(2_000, stored.Select(s => s.Step).Distinct().Count());
        Assert.Equal(2_000, (await new Api(httpA).GetRunAsync(runId)).StepCount);
    }

    [Fact]
    public async Task When_the_node_running_the_projections_dies_the_other_takes_over_live_fits()
    {
        var db = await TestDatabase.CreateAsync();
        var node = RabbitNode(TestEnvironment.TakeVhost());
        // The first node runs alone until it has recorded a fit: it holds the daemon's lock for sure.
        var first = await ServerProcess.StartAsync(db, environment: node);
        using var firstHttp = new HttpClient { BaseAddress = first.Address };
        var firstApi = new Api(firstHttp);
        foreach (var n in new[] { 1.5e9, 7e9 })
        {
            var run = await firstApi.RegisterAsync("takeover", $"n{n}", parameters: n);
            await firstApi.LogStepsAsync(run.RunId, Enumerable.Range(1, 10).Select(s => new StepData(s, Tokens: 1e6)));
            await firstApi.RecordEvaluationsAsync(run.RunId, Evaluations(n));
        }

        var before = await WaitForFitAsync(firstHttp, f => f.Succeeded, TimeSpan.FromSeconds(60));
        await using var second = await ServerProcess.StartAsync(db, environment: node);
        using var http = new HttpClient { BaseAddress = second.Address };
        var api = new Api(http);
        await first.DisposeAsync(); // SIGKILL the owner
        var killedAt = Stopwatch.StartNew();

        var late = await api.RegisterAsync("takeover", "n14e9", parameters: 14e9);
        await api.LogStepsAsync(late.RunId, Enumerable.Range(1, 10).Select(s => new StepData(s, Tokens: 1e6)));
        await api.RecordEvaluationsAsync(late.RunId, Evaluations(14e9));
        var after = await WaitForFitAsync(http, f => f.Sizes.Any(s => s.N == 14e9), TimeSpan.FromSeconds(60));

        output.WriteLine($"takeover: new fit {killedAt.Elapsed.TotalSeconds:F1} s after the owning node was killed");
        Assert.True(after.Succeeded, after.Reason);
        Assert.True(after.HighWaterMark > before.HighWaterMark);
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(45), $"takeover took {killedAt.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Held-out evaluations following the paper's base-D law, so the fit is well posed.</summary>
    private static IEnumerable<EvaluationData> Evaluations(double n) =>
        Enumerable.Range(1, 10).Select(s => new EvaluationData(s, "holdout", 1 - Tracker.Scaling.PaperFits.BaseData.For(n).PredictLoss(s * 512.0)));

    private static async Task<FitView> WaitForFitAsync(HttpClient http, Func<FitView, bool> wanted, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var fits = await http.GetFromJsonAsync<List<FitView>>(new Uri("/api/v1/studies/takeover/fits?axis=data", UriKind.Relative), Api.Json);
            if (fits!.LastOrDefault(wanted) is { } fit)
            {
                return fit;
            }

            await Task.Delay(200); // another process: there is no in-process signal to wait on
        }

        throw new TimeoutException($"no such fit within {timeout.TotalSeconds} s");
    }
}
