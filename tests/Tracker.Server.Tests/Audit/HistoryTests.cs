using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class HistoryTests
{
    [Fact]
    public async Task A_streams_events_come_with_who_what_when_where_and_filter_by_type_time_and_version()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = (await api.RegisterAsync("history", "r")).RunId;
        await api.LogStepsAsync(run, [new StepData(1, Reward: 0.1)]);
        var between = DateTimeOffset.UtcNow;
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/runs/{run}/steps") { Content = JsonContent.Create(new { steps = new[] { new { step = 2, reward = 0.2 } } }) })
        {
            request.Headers.Add("X-Correlation-Id", "job-7");
            request.Headers.Add("X-Tracker-Client", "verl/0.4");
            (await api.Http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        await api.RecordEvaluationsAsync(run, [new EvaluationData(2, "holdout", 0.4, 100)]);

        var all = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/audit/streams/{run}/events");
        Assert.Equal(["RunRegistered", "StepsLogged", "StepsLogged", "EvaluationsRecorded"], all.Items.Select(e => e.Type));
        Assert.All(all.Items, e => Assert.Equal(run, e.StreamId));
        Assert.All(all.Items, e => Assert.Equal(64, e.Hash!.Length));
        var tagged = all.Items[2];
        Assert.Equal(("job-7", "verl/0.4"), (tagged.CorrelationId, tagged.Headers["client"]));
        Assert.Equal(2, tagged.Data.GetProperty("steps")[0].GetProperty("step").GetInt64());
        Assert.Null(all.NextFromVersion);

        var steps = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/audit/streams/{run}/events?type=steps_logged,EvaluationsRecorded");
        Assert.Equal([2L, 3, 4], steps.Items.Select(e => e.Version));
        var later = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/audit/streams/{run}/events?from={AuditCalls.Time(between)}");
        Assert.Equal([3L, 4], later.Items.Select(e => e.Version));
        var earlier = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/audit/streams/{run}/events?to={AuditCalls.Time(between)}&type=StepsLogged");
        Assert.Equal([2L], earlier.Items.Select(e => e.Version));

        var page = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/audit/streams/{run}/events?fromVersion=2&limit=2");
        Assert.Equal([2L, 3], page.Items.Select(e => e.Version));
        Assert.Equal(4, page.NextFromVersion);

        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync(new Uri($"/api/v1/audit/streams/{Guid.NewGuid()}/events", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Http.GetAsync(new Uri($"/api/v1/audit/streams/{run}/events?limit=0", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_studys_history_merges_its_runs_events_by_sequence_and_pages()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var (a, b) = await HashChainTests.PostTwoRunsAsync(api, "merged");
        (await api.Http.PutAsJsonAsync(new Uri("/api/v1/studies/merged/mapping", UriKind.Relative), new { lossDataset = "math500" })).EnsureSuccessStatusCode();
        await api.RegisterAsync("elsewhere", "x");

        var own = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, "/api/v1/studies/merged/history");
        Assert.Equal(["StudyCreated", "ScalingVariablesMapped"], own.Items.Select(e => e.Type));

        var merged = new List<RunEventView>();
        long? from = 1;
        while (from is { } next)
        {
            var page = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/studies/merged/history?includeRuns=true&limit=3&fromSequence={next}");
            merged.AddRange(page.Items);
            from = page.NextFromSequence;
        }

        Assert.Equal(2 + 4 + 3, merged.Count);
        Assert.Equal(merged.Select(e => e.Sequence).Order(), merged.Select(e => e.Sequence));
        Assert.Equal([a, b], merged.Where(e => e.Type == "RunRegistered").Select(e => e.StreamId!.Value));
        Assert.DoesNotContain(merged, e => e.Data.TryGetProperty("study", out var s) && s.GetString() == "elsewhere");

        var evaluations = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, "/api/v1/studies/merged/history?includeRuns=true&type=EvaluationsRecorded");
        Assert.Equal(2, evaluations.Items.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync(new Uri("/api/v1/studies/nope/history", UriKind.Relative))).StatusCode);
    }
}
