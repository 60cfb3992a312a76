using System.Diagnostics;
using System.Net.Http.Json;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Runs;
using Tracker.Domain.Audit;
using Tracker.Domain.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Audit.Chain;
using Tracker.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Server.Tests.Audit;

/// <summary>Verify and rebuild rates on a posted sweep (larger with TRACKER_AUDIT_MEASURE_RUNS=N runs per size),
/// and what hashing adds to one ingestion commit.</summary>
public sealed class AuditRatesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Verify_and_rebuild_rates_on_a_posted_sweep()
    {
        var runsPerSize = int.TryParse(Environment.GetEnvironmentVariable("TRACKER_AUDIT_MEASURE_RUNS"), out var n) ? n : 1;
        var points = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = runsPerSize, Seed = 9, Steps = 100 });
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        await SweepPoster.PostAsync(api, "rates", points, stepsPerBatch: 2);
        await StudyWaits.ProjectionsAsync(app);

        var verify = await AuditCalls.VerifyAsync(api);
        Assert.True(verify.Ok);
        var response = await api.Http.PostAsync(new Uri("/api/v1/admin/rebuild-check", UriKind.Relative), null);
        var rebuild = (await response.Content.ReadFromJsonAsync<RebuildReport>(Api.Json))!;
        Assert.True(rebuild.Identical, string.Join("\n", rebuild.Differences));
        output.WriteLine($"verify: {verify.Events} events in {verify.Seconds:0.000} s = {verify.EventsPerSecond:0} events/s");
        output.WriteLine($"rebuild-check: {rebuild.EventsReplayed} events in {rebuild.Seconds:0.000} s = {rebuild.EventsPerSecond:0} events/s");
    }

    [Fact]
    public async Task Hashing_a_thousand_step_batch_is_measured_against_its_commit()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var steps = Enumerable.Range(1, 1_000)
            .Select(i => new StepData(i, Reward: 0.001 * i, Loss: 1.0 / i, Tokens: 4.1e6 + i, Metrics: new Dictionary<string, double> { ["actor/kl_loss"] = 1e-3 * i, ["critic/score"] = i }))
            .ToList();
        var serializer = store.Options.Serializer();
        var metadata = new AuditMetadata("c", "k", "u", new Dictionary<string, string> { ["client"] = "bench" });
        var run = Guid.NewGuid();
        StreamAction action;
        await using (var session = store.LightweightSession())
        {
            action = session.Events.Append(run, new StepsLogged(run, steps));
        }

        EventChain.Stamp(serializer, action, 1, null, metadata, DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        const int rounds = 50;
        for (var i = 0; i < rounds; i++)
        {
            EventChain.Stamp(serializer, action, 1, null, metadata, DateTimeOffset.UtcNow);
        }

        var perBatch = clock.Elapsed.TotalMilliseconds / rounds;

        // The same batch through the API, committed: what the hashing is a part of.
        var api = new Api(app.CreateClient());
        var runId = (await api.RegisterAsync("cost", "r")).RunId;
        await api.LogStepsAsync(runId, steps.Select(x => x with { Step = x.Step + 1_000_000 }).ToList());
        clock.Restart();
        for (var i = 0; i < 10; i++)
        {
            await api.LogStepsAsync(runId, steps.Select(x => x with { Step = x.Step + (i * 1000) }).ToList());
        }

        var perPost = clock.Elapsed.TotalMilliseconds / 10;
        output.WriteLine($"POST of the batch, committed: {perPost:0.00} ms (hashing included)");
        output.WriteLine($"hashing one 1,000-step StepsLogged: {perBatch:0.00} ms ({serializer.ToJson(action.Events[0].Data).Length / 1024} KiB of JSON)");
        Assert.True(perBatch < perPost, $"hashing {perBatch} ms, whole POST {perPost} ms");
    }
}
