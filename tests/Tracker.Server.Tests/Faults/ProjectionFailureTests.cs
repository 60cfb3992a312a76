using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Server.Infrastructure.Projections;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Faults;

/// <summary>An async projection that throws on one event: with OnError=DeadLetter the event is skipped and listed for
/// admins while the shard keeps going; with OnError=Pause the shard stops at it, is shown paused, and resumes from
/// there once the fault is gone.</summary>
public sealed class ProjectionFailureTests
{
    private const int PoisonStep = 13;

    [Fact]
    public async Task DeadLetter_skips_the_failing_event_lists_it_for_admins_and_keeps_the_shard_running()
    {
        var faults = new FaultInjector();
        var (root, app) = await StartAsync(faults, policy: null);
        await using var _ = root;
        var http = app.CreateClient();
        var api = new Api(http);
        var runId = (await api.RegisterAsync("probe-deadletter", "r")).RunId;
        faults.FailOn(IsPoison);

        await api.LogStepsAsync(runId, Steps(0, 10));
        await api.LogStepsAsync(runId, [new StepData(PoisonStep, Reward: 0.5)]);
        await api.LogStepsAsync(runId, Steps(20, 10));
        var poison = await PoisonSequenceAsync(api, runId);

        DeadLetteredEventView? listed = null;
        await WaitUntilAsync(async () =>
        {
            listed = (await ListAsync(http)).DeadLetters.Items.FirstOrDefault(d => d.Projection == "FaultProbe");
            return listed is not null;
        }, "the failing event to be listed as dead-lettered");
        Assert.Equal(poison, listed!.Sequence);
        Assert.Equal(runId.ToString(), listed.StreamId);
        Assert.Equal("steps_logged", listed.EventType);
        Assert.NotNull(listed.EventId);
        Assert.Equal(FaultProbeProjection.ShardName, listed.Shard);
        Assert.Contains($"#{poison}", listed.Message, StringComparison.Ordinal);
        Assert.EndsWith(nameof(InvalidOperationException), listed.ExceptionType, StringComparison.Ordinal);

        // The shard went past it: the events before and after are projected, and so is a batch logged afterwards.
        await api.LogStepsAsync(runId, Steps(30, 10));
        var events = await api.GetAllEventsAsync(runId);
        var expected = events.Select(e => e.Sequence).Where(s => s != poison).ToList();
        await WaitUntilAsync(async () => (await ProbeAsync(app, runId))?.Sequences.Count == expected.Count, "every other event to be projected");
        Assert.Equal(expected, (await ProbeAsync(app, runId))!.Sequences);

        var view = await ListAsync(http);
        Assert.Equal("DeadLetter", view.OnError);
        var shard = Assert.Single(view.Shards, s => s.Name == FaultProbeProjection.ShardName);
        Assert.Equal("running", shard.State);
        Assert.Equal(1, shard.DeadLetters);
        Assert.Null(shard.Failure);
        Assert.Contains(view.Shards, s => s.Name == "RunCurve:All" && s.State == "running");

        // Paged: the second page of one is empty but still counts the total; a page size out of range is a 400.
        var second = (await http.GetFromJsonAsync<ProjectionsView>(new Uri("/api/v1/admin/projections?offset=1&limit=1", UriKind.Relative), Api.Json))!;
        Assert.Equal((1L, 0), (second.DeadLetters.Total, second.DeadLetters.Items.Count));
        var tooMany = await http.GetAsync(new Uri("/api/v1/admin/projections?limit=201", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("limit: must be between 1 and 200", (await Api.ProblemAsync(tooMany)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Skip", "Tracker:Projections:OnError is 'Skip'; it must be DeadLetter")]
    [InlineData("1", "Tracker:Projections:OnError is '1'; it must be DeadLetter")]
    public void An_unknown_policy_stops_the_server_with_the_values_it_takes(string value, string message)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        configuration[ProjectionPolicy.ConfigurationKey] = value;
        var error = Assert.Throws<InvalidOperationException>(() => _ = ProjectionPolicy.From(configuration));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_stops_the_shard_at_the_failing_event_and_resume_brings_it_up_to_date_once_the_fault_is_gone()
    {
        var faults = new FaultInjector();
        // Marten's coordinator would retry the paused shard every 5 s by default; an hour here, so only resume restarts it.
        var (root, app) = await StartAsync(faults, policy: "Pause", retryPausedAfter: "01:00:00");
        await using var _ = root;
        var http = app.CreateClient();
        var api = new Api(http);
        var runId = (await api.RegisterAsync("probe-pause", "r")).RunId;
        await api.LogStepsAsync(runId, Steps(0, 10));
        await WaitUntilAsync(async () => (await ProbeAsync(app, runId))?.Sequences.Count == 2, "the first batch to be projected");

        faults.FailOn(IsPoison);
        await api.LogStepsAsync(runId, [new StepData(PoisonStep, Reward: 0.5)]);
        await api.LogStepsAsync(runId, Steps(20, 10));
        var poison = await PoisonSequenceAsync(api, runId);
        var last = (await api.GetAllEventsAsync(runId)).Max(e => e.Sequence);

        ShardView? paused = null;
        await WaitUntilAsync(async () =>
        {
            paused = (await ListAsync(http)).Shards.Single(s => s.Name == FaultProbeProjection.ShardName);
            return paused.State == "paused";
        }, "the probe shard to be reported paused");
        Assert.Equal(poison, paused!.Failure?.EventSequence);
        Assert.Equal("ApplyEvent", paused.Failure!.Category);
        Assert.Equal($"System.InvalidOperationException: injected projection fault on event {poison}", paused.Failure.Cause);
        Assert.True(paused.Position < poison, $"the paused shard stays before the failing event {poison} (at {paused.Position})");
        Assert.True(paused.Lag > 0);

        // Other shards continue past it.
        await WaitUntilAsync(async () => (await ListAsync(http)).Shards.Single(s => s.Name == "RunCurve:All").Position >= last, "RunCurve:All to pass the failing event");

        // A node without the daemon sees the pause too (from mt_event_progression), and cannot resume it.
        await using (var otherRoot = new TrackerApp(root.Database, settings: new Dictionary<string, string?>
        {
            [ProjectionPolicy.ConfigurationKey] = "Pause",
            ["Tracker:Daemon"] = "Disabled",
        }))
        {
            var otherHttp = WithProbe(otherRoot, faults).CreateClient();
            var seen = (await ListAsync(otherHttp)).Shards.Single(s => s.Name == FaultProbeProjection.ShardName);
            Assert.Equal(("paused", "store", poison), (seen.State, seen.StateSource, seen.Failure?.EventSequence));
            var elsewhere = await otherHttp.PostAsync(new Uri($"/api/v1/admin/projections/{FaultProbeProjection.ShardName}/resume", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        }

        var view = await ListAsync(http);
        Assert.Equal("Pause", view.OnError);
        Assert.DoesNotContain(view.DeadLetters.Items, d => d.Projection == "FaultProbe");
        Assert.Equal(2, (await ProbeAsync(app, runId))!.Sequences.Count);

        // Fixed: the shard stays where it stopped until an admin resumes it; resume restarts it at the failing event
        // and it catches up.
        faults.Clear();
        Assert.Equal("paused", (await ListAsync(http)).Shards.Single(s => s.Name == FaultProbeProjection.ShardName).State);
        var resume = await http.PostAsync(new Uri($"/api/v1/admin/projections/{FaultProbeProjection.ShardName}/resume", UriKind.Relative), null);
        await Api.EnsureAsync(resume, HttpStatusCode.OK);
        var expected = (await api.GetAllEventsAsync(runId)).Select(e => e.Sequence).ToList();
        await WaitUntilAsync(async () => (await ProbeAsync(app, runId))?.Sequences.Count == expected.Count, "the resumed shard to project the rest");
        Assert.Equal(expected, (await ProbeAsync(app, runId))!.Sequences);
        var resumed = (await ListAsync(http)).Shards.Single(s => s.Name == FaultProbeProjection.ShardName);
        Assert.Equal("running", resumed.State);
        Assert.True(resumed.Position >= last);

        // An unknown shard is a 404 that names the real ones.
        var unknown = await http.PostAsync(new Uri("/api/v1/admin/projections/Nope:All/resume", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var detail = (await Api.ProblemAsync(unknown)).GetProperty("detail").GetString();
        Assert.Contains("'Nope:All'", detail, StringComparison.Ordinal);
        Assert.Contains(FaultProbeProjection.ShardName, detail, StringComparison.Ordinal);
    }

    private static bool IsPoison(JasperFx.Events.IEvent e) => e.Data is StepsLogged s && s.Steps.Any(x => x.Step == PoisonStep);

    private static IEnumerable<StepData> Steps(long from, int count) =>
        Enumerable.Range(0, count).Select(i => new StepData(from + i, Reward: 0.1));

    /// <summary>The test server with the probe projection added; disposing the root disposes both.</summary>
    private static async Task<(TrackerApp Root, WebApplicationFactory<Program> App)> StartAsync(FaultInjector faults, string? policy, string? retryPausedAfter = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [ProjectionPolicy.ConfigurationKey] = policy,
            [ProjectionPolicy.RetryKey] = retryPausedAfter,
        };

        var root = new TrackerApp(await TestDatabase.CreateAsync(), settings: settings);
        return (root, WithProbe(root, faults));
    }

    private static WebApplicationFactory<Program> WithProbe(TrackerApp app, FaultInjector faults) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.ConfigureMarten(o => o.Projections.Add(new FaultProbeProjection(faults), ProjectionLifecycle.Async))));

    private static async Task<long> PoisonSequenceAsync(Api api, Guid runId)
    {
        var events = await api.GetAllEventsAsync(runId);
        return events.Single(e => e.Type == nameof(StepsLogged) && e.Data.GetProperty("steps")[0].GetProperty("step").GetInt64() == PoisonStep).Sequence;
    }

    private static async Task<ProjectionsView> ListAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<ProjectionsView>(new Uri("/api/v1/admin/projections", UriKind.Relative), Api.Json))!;

    private static async Task<FaultProbe?> ProbeAsync(WebApplicationFactory<Program> app, Guid runId)
    {
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<FaultProbe>(runId);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, () => what, TimeSpan.FromSeconds(90));
}
