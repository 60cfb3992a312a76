using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Runs;

public sealed class ConcurrentWritersTests
{
    [Theory]
    [InlineData(Transport.InMemory)]
    [InlineData(Transport.RabbitMq)]
    public async Task Eight_writers_posting_interleaved_out_of_order_steps_lose_nothing_and_store_each_once(Transport transport)
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), transport);
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("s", "r");
        const int Steps = 4_000;
        const int Writers = 8;

        // Writer w owns steps ≡ w (mod 8), posts them shuffled in batches of 50, and re-posts a few of its
        // neighbour's steps so duplicates race with first writes.
        var random = new Random(7);
        var plans = Enumerable.Range(0, Writers).Select(w =>
        {
            var own = Enumerable.Range(0, Steps).Where(s => s % Writers == w).OrderBy(_ => random.Next()).ToList();
            var neighbour = Enumerable.Range(0, Steps).Where(s => s % Writers == (w + 1) % Writers).OrderBy(_ => random.Next()).Take(40);
            return own.Concat(neighbour).Select(Step).Chunk(50).ToList();
        }).ToList();

        var results = await Task.WhenAll(plans.Select(async batches =>
        {
            var client = new Api(app.CreateClient());
            var accepted = 0;
            foreach (var batch in batches)
            {
                accepted += (await client.LogStepsAsync(run.RunId, batch)).Accepted;
            }

            return accepted;
        }));

        Assert.Equal(Steps, results.Sum());
        var stored = await api.GetStoredStepsAsync(run.RunId);
        Assert.Equal(Steps, stored.Count);
        Assert.Equal(Enumerable.Range(0, Steps).Select(i => (long)i), stored.Select(s => s.Step).Order());
        Assert.All(stored, s => Assert.Equal(Step((int)s.Step).Reward, s.Reward));
        Assert.Equal(Steps, (await api.GetRunAsync(run.RunId)).StepCount);
    }

    private static StepData Step(int i) => new(i, Reward: Math.Sin(i), Tokens: 1000 + i, Metrics: new Dictionary<string, double> { ["kl"] = i * 1e-4 });
}
