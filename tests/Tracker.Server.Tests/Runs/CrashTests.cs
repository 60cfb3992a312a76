using System.Collections.Concurrent;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Runs;

public sealed class CrashTests
{
    [Fact]
    public async Task Every_acknowledged_step_survives_repeated_SIGKILL_and_is_stored_exactly_once()
    {
        var db = await TestDatabase.CreateAsync();
        var server = await ServerProcess.StartAsync(db);
        var port = server.Port;
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
        var api = new Api(http);
        var runId = (await api.RegisterAsync("crash", "r")).RunId;

        var acknowledged = new ConcurrentDictionary<long, byte>();
        using var stop = new CancellationTokenSource();
        const int BatchSize = 200;

        // The client posts batches forever and retries each one until it gets a 2xx, as a training job would.
        var client = Task.Run(async () =>
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var steps = Enumerable.Range(batch * BatchSize, BatchSize).Select(i => new StepData(i, Reward: i % 7, Tokens: i)).ToList();
                while (true)
                {
                    try
                    {
                        var response = await http.PostAsJsonAsync(new Uri($"/api/v1/runs/{runId}/steps", UriKind.Relative), new { steps }, Api.Json);
                        if (response.IsSuccessStatusCode)
                        {
                            foreach (var s in steps)
                            {
                                acknowledged.TryAdd(s.Step, 0);
                            }

                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }
                    catch (TaskCanceledException)
                    {
                    }

                    await Task.Delay(50);
                }
            }
        });

        var random = new Random(11);
        for (var kill = 0; kill < 4; kill++)
        {
            await Task.Delay(random.Next(600, 1500));
            server.Kill();
            await server.DisposeAsync();
            server = await ServerProcess.StartAsync(db, port);
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        await client;

        var stored = await api.GetStoredStepsAsync(runId);
        await server.DisposeAsync();

        Assert.True(acknowledged.Count > 4 * BatchSize, $"the client got only {acknowledged.Count} steps acknowledged");
        Assert.Equal(stored.Count, stored.Select(s => s.Step).Distinct().Count()); // exactly once
        Assert.Empty(acknowledged.Keys.Except(stored.Select(s => s.Step)));        // nothing acknowledged is lost
    }
}
