using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Tracker.Client;
using Tracker.Contracts.Audit;
using Tracker.Server.Infrastructure.Projections;
using Tracker.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Server.Tests.Faults;

/// <summary>Skipped unless TRACKER_CHAOS_FAULTS is set (<c>ops/chaos</c> sets it): a long run, not a CI test.</summary>
public sealed class ChaosFactAttribute : FactAttribute
{
    public ChaosFactAttribute()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("TRACKER_CHAOS_FAULTS"), out _))
        {
            Skip = "a long fault-injection run: ops/chaos runs it (TRACKER_CHAOS_FAULTS=N)";
        }
    }
}

/// <summary>Several clients ingest continuously into two server nodes (HTTP commands over RabbitMQ, one private
/// PostgreSQL) while faults are injected one after the other: SIGKILL of a node (restarted after), PostgreSQL
/// restarted, RabbitMQ restarted. At the end every acknowledged step is stored exactly once, the projections have
/// caught up, and every read model equals a rebuild from the events.</summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int Clients = 4;

    [ChaosFact]
    public async Task Faults_injected_under_continuous_ingestion_lose_and_double_nothing()
    {
        var faults = int.Parse(Environment.GetEnvironmentVariable("TRACKER_CHAOS_FAULTS")!, CultureInfo.InvariantCulture);
        await using var pg = await PrivatePostgres.StartAsync();
        await using var rabbit = await PrivateRabbit.StartAsync();
        var unused = await TestDatabase.CreateAsync(); // ServerProcess wants one; the nodes use the private cluster
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = pg.ConnectionString,
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__HttpDispatch"] = "Bus",
            ["Messaging__RabbitMq__Host"] = "127.0.0.1",
            ["Messaging__RabbitMq__Port"] = rabbit.Port.ToString(CultureInfo.InvariantCulture),
            ["Messaging__RabbitMq__VirtualHost"] = PrivateRabbit.VirtualHost,
            ["Tracker__Ingestion__RequestTimeoutSeconds"] = "8",
            ["Tracker__Auth__AdminToken"] = TrackerApp.AdminToken,
        };
        var ports = new[] { OpsScripts.FreePorts(1), OpsScripts.FreePorts(1) };
        var nodes = new ServerProcess?[2];
        for (var i = 0; i < 2; i++)
        {
            nodes[i] = await ServerProcess.StartAsync(unused, ports[i], environment);
        }

        try
        {
            var balancer = new RoundRobin(ports.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray());
            using var http = new HttpClient(balancer) { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", TrackerApp.AdminToken); // the final checks are admin calls
            var api = new Api(http);
            var loops = new List<(Guid Run, IngestionLoop Loop, TrackerClient Client)>();
            for (var c = 0; c < Clients; c++)
            {
                var run = (await api.RegisterAsync("chaos", $"client-{c}")).RunId;
                var client = new TrackerClient(http, IngestionLoop.Options);
                var loop = new IngestionLoop(client, run, batchSize: 20);
                loop.Start();
                loops.Add((run, loop, client));
            }

            long Acknowledged() => loops.Sum(l => l.Loop.Acknowledged.Count);
            var clock = Stopwatch.StartNew();
            for (var f = 0; f < faults; f++)
            {
                var what = (f % 3) switch
                {
                    0 => await KillAndRestartAsync(nodes, f / 3 % 2, unused, ports, environment),
                    1 => await RestartAsync("PostgreSQL", pg.StopAsync, pg.StartAgainAsync),
                    _ => await RestartAsync("RabbitMQ", rabbit.StopAsync, rabbit.StartAgainAsync),
                };
                // Ingestion resumes on its own after every fault: more steps acknowledged by all clients together.
                var before = Acknowledged();
                var resumed = Stopwatch.StartNew();
                while (Acknowledged() < before + 400)
                {
                    Assert.True(resumed.Elapsed < TimeSpan.FromMinutes(4), $"fault {f + 1} ({what}): ingestion did not resume in 4 minutes ({Acknowledged()} acknowledged)");
                    await Task.Delay(200);
                }

                Report($"{clock.Elapsed:hh\\:mm\\:ss} fault {f + 1}/{faults}: {what}; 400 more steps acknowledged {resumed.Elapsed.TotalSeconds:F1} s after it; {Acknowledged()} in all");
            }

            foreach (var (_, loop, _) in loops)
            {
                await loop.StopAsync();
                Assert.Empty(loop.Errors);
            }

            foreach (var (run, loop, _) in loops)
            {
                var stored = await api.GetStoredStepsAsync(run);
                Assert.Equal(stored.Count, stored.Select(s => s.Step).Distinct().Count()); // nothing doubled
                Assert.Empty(loop.Acknowledged.Keys.Except(stored.Select(s => s.Step)));   // nothing acknowledged lost
                Assert.Equal(loop.Acknowledged.Count, stored.Count);
                Assert.Equal(stored.Count, (await api.GetRunAsync(run)).StepCount);
            }

            await WaitForProjectionsAsync(http);
            var rebuild = await (await http.PostAsync(new Uri("/api/v1/admin/rebuild-check", UriKind.Relative), null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<RebuildReport>(Api.Json);
            Report($"{faults} faults, {Acknowledged()} steps acknowledged and stored once each; rebuild check: {rebuild!.EventsReplayed} events, identical = {rebuild.Identical}");
            Assert.True(rebuild.Identical, string.Join("; ", rebuild.Differences.Take(5).Select(d => d.ToString())));
            foreach (var (_, _, client) in loops)
            {
                client.Dispose();
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
        }
    }

    /// <summary>To the test output, and as it happens to TRACKER_CHAOS_LOG when set (a long run is watched live).</summary>
    private void Report(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("TRACKER_CHAOS_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, line + Environment.NewLine);
        }
    }

    private static async Task<string> KillAndRestartAsync(ServerProcess?[] nodes, int which, TestDatabase unused, int[] ports, Dictionary<string, string> environment)
    {
        await nodes[which]!.DisposeAsync(); // SIGKILL
        nodes[which] = null;
        await Task.Delay(TimeSpan.FromSeconds(2)); // the clients fail over to the other node meanwhile
        nodes[which] = await ServerProcess.StartAsync(unused, ports[which], environment);
        return $"SIGKILL node {which + 1}, restarted";
    }

    private static async Task<string> RestartAsync(string what, Func<Task> stop, Func<Task> start)
    {
        await stop();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await start();
        return $"{what} restarted";
    }

    /// <summary>Every shard's position has reached the last committed event.</summary>
    private static async Task WaitForProjectionsAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await http.GetFromJsonAsync<ProjectionsView>(new Uri("/api/v1/admin/projections", UriKind.Relative), Api.Json);
            if (view!.Shards.Count > 0 && view.Shards.All(s => s.Lag == 0))
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "projections did not catch up: " + string.Join(", ", view.Shards.Select(s => $"{s.Name} {s.State} ({s.StateSource}) lag {s.Lag} {s.Failure?.Cause}")));
            await Task.Delay(500);
        }
    }

    /// <summary>Sends each attempt to the next node, as a load balancer would: a retry after a dead node's network error
    /// lands on the other one.</summary>
    private sealed class RoundRobin(Uri[] nodes) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var node = nodes[(int)((uint)Interlocked.Increment(ref _next) % nodes.Length)];
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = node.Host, Port = node.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
