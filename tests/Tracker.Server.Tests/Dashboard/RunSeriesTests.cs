using Marten;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Runs;
using Tracker.Server.Dashboard;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Dashboard;

/// <summary>The run page's curves, read from the stored step batches in PostgreSQL.</summary>
public sealed class RunSeriesTests
{
    [Fact]
    public async Task A_metric_comes_back_sorted_by_step_with_only_the_steps_that_have_it_whatever_its_name()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = (await api.RegisterAsync("series", "r")).RunId;
        string[] names = ["perf/throughput", "val-core/math/acc/mean@1", "a.b", "quote\"d", "back\\slash", "reward", "ünï cödé $[*]"];
        StepData Step(long s) => new(s, Reward: s * 0.5, Metrics: names.Where((_, i) => (s + i) % 3 != 0).ToDictionary(n => n, n => (double)(s + n.Length)));
        // Batches posted out of order, as late or retried posts arrive.
        await api.LogStepsAsync(run, Enumerable.Range(51, 50).Select(s => Step(s)));
        await api.LogStepsAsync(run, Enumerable.Range(1, 50).Select(s => Step(s)));

        var series = new RunSeries(app.Services.GetRequiredService<IDocumentStore>());
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var got = await series.MetricAsync(run, name, 1_000, CancellationToken.None);
            if (name == "reward")
            {
                // The built-in field wins over a metric of the same name.
                Assert.Equal(Enumerable.Range(1, 100).Select(s => s * 0.5), got.Values);
                continue;
            }

            var expected = Enumerable.Range(1, 100).Where(s => (s + i) % 3 != 0).ToList();
            Assert.Equal(expected.Count, got.TotalPoints);
            Assert.Equal(expected.Select(s => (double)s), got.Steps);
            Assert.Equal(expected.Select(s => (double)(s + name.Length)), got.Values);
        }

        var downsampled = await series.MetricAsync(run, "reward", 20, CancellationToken.None);
        Assert.Equal(100, downsampled.TotalPoints);
        Assert.InRange(downsampled.Steps.Count, 2, 20);
        Assert.Equal(downsampled.Steps.Order(), downsampled.Steps);
        Assert.Equal(0.5, downsampled.Values.Min());
        Assert.Equal(50, downsampled.Values.Max()); // min/max per bucket: the extremes survive

        Assert.Equal(0, (await series.MetricAsync(run, "never-logged", 1_000, CancellationToken.None)).TotalPoints);
    }
}
