using System.Net;
using Tracker.Client;
using Tracker.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Server.Tests.Faults;

/// <summary>PostgreSQL and RabbitMQ restarted under continuous ingestion: every step acknowledged with a 2xx is stored
/// exactly once, the server says 503 with Retry-After (never 500) while a part is away, and answers again after.
/// Each test restarts a private PostgreSQL cluster or RabbitMQ node of its own (the shared ones stay up).</summary>
public sealed class StoreRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgreSQL_restarted_mid_ingest_loses_and_doubles_no_acknowledged_step()
    {
        await using var pg = await PrivatePostgres.StartAsync();
        var unused = await TestDatabase.CreateAsync(); // TrackerApp wants one; the server is pointed at the private cluster
        await using var app = new TrackerApp(unused, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = pg.ConnectionString,
        });

        var probes = new List<(HttpStatusCode Status, bool RetryAfter, TimeSpan Took)>();
        await IngestThroughRestartsAsync(app, restarts: 2, async () =>
        {
            await pg.StopAsync();
            // One request of a client without retries while the store is down: it is told to retry later, never a 500.
            using var probe = app.CreateClient();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var answer = await new Api(probe).PostAsync($"/api/v1/runs/{Guid.NewGuid()}/steps", new { steps = new[] { new { step = 1 } } });
            probes.Add((answer.StatusCode, answer.Headers.RetryAfter is not null, clock.Elapsed));
            await Task.Delay(TimeSpan.FromSeconds(2)); // clients keep posting into the outage
            await pg.StartAgainAsync();
        });

        output.WriteLine("probes while PostgreSQL was down: " + string.Join(", ", probes.Select(p => $"{(int)p.Status} (Retry-After: {p.RetryAfter}, {p.Took.TotalSeconds:F1} s)")));
        Assert.All(probes, p =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, p.Status);
            Assert.True(p.RetryAfter, "a 503 without Retry-After");
        });
    }

    [Fact]
    public async Task RabbitMQ_restarted_mid_ingest_loses_and_doubles_no_acknowledged_step()
    {
        await using var rabbit = await PrivateRabbit.StartAsync();
        var db = await TestDatabase.CreateAsync();
        // Transport.RabbitMq sets Messaging:HttpDispatch=Bus: every HTTP command crosses the broker to the consumer and
        // its answer comes back through it, so a broker restart hits requests in flight both ways.
        await using var app = new TrackerApp(db, Transport.RabbitMq, new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:Host"] = "127.0.0.1",
            ["Messaging:RabbitMq:Port"] = rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:RabbitMq:VirtualHost"] = PrivateRabbit.VirtualHost,
            // A command or answer lost with the broker, or a send stuck on it, is a 503 after this long (the client then
            // retries: a duplicate, not a double).
            ["Tracker:Ingestion:RequestTimeoutSeconds"] = "8",
        });

        await IngestThroughRestartsAsync(app, restarts: 1, async () =>
        {
            await rabbit.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await rabbit.StartAgainAsync();
        });
    }

    private async Task IngestThroughRestartsAsync(TrackerApp app, int restarts, Func<Task> restart)
    {
        var recorder = new AnswerRecorder();
        using var http = app.CreateDefaultClient(new Uri("http://localhost/"), recorder);
        http.Timeout = TimeSpan.FromSeconds(30);
        var api = new Api(http);
        var runId = (await api.RegisterAsync("faults", "r")).RunId;
        using var client = new TrackerClient(http, IngestionLoop.Options);
        var loop = new IngestionLoop(client, runId);
        loop.Start();

        var wanted = 500;
        await loop.WaitForAsync(wanted, TimeSpan.FromSeconds(120));
        for (var i = 0; i < restarts; i++)
        {
            await restart();
            var before = loop.Acknowledged.Count;
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.f} restart {i + 1}: {before} steps acknowledged so far");
            // Ingestion resumes on its own: more batches acknowledged after the restart.
            try
            {
                await loop.WaitForAsync(before + 500, TimeSpan.FromSeconds(180)); // the bus reconnects with backoff: minutes on a loaded CI machine
            }
            catch (TimeoutException)
            {
                output.WriteLine("answers the client saw: " + string.Join(Environment.NewLine + "  ", recorder.Failures.TakeLast(20)));
                throw;
            }
        }

        await loop.StopAsync();
        var stored = await api.GetStoredStepsAsync(runId);
        var summary = await api.GetRunAsync(runId);

        output.WriteLine($"acknowledged {loop.Acknowledged.Count}, stored {stored.Count}, summary {summary.StepCount}; " +
                         $"error answers: {string.Join(", ", recorder.ErrorAnswers.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}×{g.Count()}"))}; " +
                         $"failures seen: {recorder.Failures.Count}");
        foreach (var failure in recorder.Failures.Take(5))
        {
            output.WriteLine("  " + failure);
        }

        Assert.Empty(loop.Errors);
        // While a part was away the server said "retry later", never "I broke": 503 with Retry-After, no 500.
        Assert.All(recorder.ErrorAnswers, a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.True(a.RetryAfter, "a 503 without Retry-After");
        });
        Assert.Equal(stored.Count, stored.Select(s => s.Step).Distinct().Count());            // nothing doubled
        Assert.Empty(loop.Acknowledged.Keys.Except(stored.Select(s => s.Step)));               // nothing acknowledged lost
        Assert.Equal(loop.Acknowledged.Count, stored.Count);                                   // every batch sent was acknowledged
        Assert.Equal(stored.Count, summary.StepCount);                                         // the run summary agrees
    }
}
