using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class HashChainTests
{
    [Fact]
    public async Task An_untouched_store_verifies_clean_with_one_head_per_stream()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var (a, b) = await PostTwoRunsAsync(api);
        var mapped = await api.Http.PutAsJsonAsync(new Uri("/api/v1/studies/chain/mapping", UriKind.Relative), new { lossDataset = "holdout" });
        mapped.EnsureSuccessStatusCode();

        var report = await AuditCalls.VerifyAsync(api);
        Assert.True(report.Ok, report.FirstBreak + " " + await app.Database.ScalarAsync<string>($"select row_to_json(e)::text from tracker.mt_events e where seq_id = {report.FirstBreak?.Sequence ?? 0}"));
        Assert.Equal(0, report.UnhashedEvents);
        Assert.Equal(3, report.Streams); // two runs and the study
        Assert.Equal(await app.Database.CountEventsAsync(), report.Events);
        Assert.Equal(4, report.Heads.Single(h => h.StreamId == a).Version);
        Assert.Equal(64, report.Heads.Single(h => h.StreamId == b).Hash!.Length);

        // The hash is shown with every event, and the head is the last event's hash.
        var events = await api.GetAllEventsAsync(a);
        Assert.Equal(report.Heads.Single(h => h.StreamId == a).Hash, events[^1].Headers["hash"]);
        Assert.Equal(events.Count, events.Select(e => e.Headers["hash"]).Distinct().Count());

        var one = await AuditCalls.VerifyAsync(api, $"?stream={a}");
        Assert.True(one.Ok);
        Assert.Equal([a], one.Heads.Select(h => h.StreamId));
        var study = await AuditCalls.VerifyAsync(api, "?study=chain");
        Assert.Equal(report.Anchor, study.Anchor); // the store holds this study only
    }

    [Fact]
    public async Task Changing_one_events_data_in_postgres_is_detected_at_exactly_that_event()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var (a, b) = await PostTwoRunsAsync(api);
        var before = await AuditCalls.VerifyAsync(api);
        Assert.True(before.Ok);

        var target = (await api.GetAllEventsAsync(a)).Single(e => e.Type == "StepsLogged");
        await db.ScalarAsync<int>($"with u as (update tracker.mt_events set data = jsonb_set(data, '{{steps,1,reward}}', '0.99') where seq_id = {target.Sequence} returning 1) select count(*)::int from u");

        var after = await AuditCalls.VerifyAsync(api);
        Assert.False(after.Ok);
        var broken = Assert.Single(after.Breaks);
        Assert.Equal((a, target.Version, target.Sequence, "steps_logged"), (broken.StreamId, broken.Version, broken.Sequence, broken.Type));
        Assert.Equal(broken, after.FirstBreak);
        // The anchor commits to the stored heads: unchanged here, it changes only when someone also rewrites the hashes.
        Assert.Equal(before.Anchor, after.Anchor);
        Assert.True((await AuditCalls.VerifyAsync(api, $"?stream={b}")).Ok);
    }

    [Fact]
    public async Task Changed_metadata_times_and_deleted_events_are_detected_but_jsonb_rewriting_is_not_a_change()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var (a, b) = await PostTwoRunsAsync(api);
        var eventsA = await api.GetAllEventsAsync(a);
        var eventsB = await api.GetAllEventsAsync(b);

        // Same values written differently (a number with a trailing zero, members re-set in place): still intact.
        var steps = eventsA.Single(e => e.Type == "StepsLogged");
        await db.ScalarAsync<int>($"with u as (update tracker.mt_events set data = jsonb_set(data, '{{steps,0,tokens}}', '1000.0') where seq_id = {steps.Sequence} returning 1) select count(*)::int from u");
        Assert.True((await AuditCalls.VerifyAsync(api)).Ok);

        // Who and where are covered: a different client on one event breaks the chain there.
        var evaluation = eventsA.Single(e => e.Type == "EvaluationsRecorded");
        await db.ScalarAsync<int>($"with u as (update tracker.mt_events set headers = jsonb_set(headers, '{{client}}', '\"someone-else\"') where seq_id = {evaluation.Sequence} returning 1) select count(*)::int from u");
        // A deleted event leaves a gap in the versions of its stream.
        var finished = eventsB.Single(e => e.Type == "StepsLogged");
        await db.ScalarAsync<int>($"with u as (delete from tracker.mt_events where seq_id = {finished.Sequence} returning 1) select count(*)::int from u");

        // When is covered too: backdating an event breaks the chain there.
        var created = await db.ScalarAsync<long>("select seq_id from tracker.mt_events where type = 'study_created'");
        await db.ScalarAsync<int>($"with u as (update tracker.mt_events set timestamp = timestamp - interval '1 hour' where seq_id = {created} returning 1) select count(*)::int from u");

        var report = await AuditCalls.VerifyAsync(api);
        Assert.Equal(3, report.Breaks.Count);
        Assert.Contains(report.Breaks, x => x.Sequence == created && x.Version == 1);
        Assert.Contains(report.Breaks, x => x.StreamId == a && x.Sequence == evaluation.Sequence);
        Assert.Contains(report.Breaks, x => x.StreamId == b && x.Version == finished.Version + 1 && x.Reason.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_chain_continues_across_a_restart_and_concurrent_writers()
    {
        var db = await TestDatabase.CreateAsync();
        Guid run;
        await using (var first = new TrackerApp(db))
        {
            var api = new Api(first.CreateClient());
            run = (await api.RegisterAsync("restart", "r")).RunId;
            await api.LogStepsAsync(run, [new StepData(1, Reward: 0.1)]);
        }

        await using var second = new TrackerApp(db);
        var again = new Api(second.CreateClient());
        // A cold ledger reads the head once; parallel posts to one run are serialised by the writer.
        await Task.WhenAll(Enumerable.Range(2, 8).Select(i => again.LogStepsAsync(run, [new StepData(i, Reward: 0.1 * i)])));
        await again.RegisterAsync("restart", "other");

        var report = await AuditCalls.VerifyAsync(again);
        Assert.True(report.Ok, report.FirstBreak?.Reason);
        Assert.Equal(10, report.Heads.Single(h => h.StreamId == run).Version);
    }

    internal static async Task<(Guid A, Guid B)> PostTwoRunsAsync(Api api, string study = "chain")
    {
        var a = (await api.RegisterAsync(study, "a", uniqueSamples: 10_000)).RunId;
        var b = (await api.RegisterAsync(study, "b", parameters: 1.5e9)).RunId;
        foreach (var run in new[] { a, b })
        {
            await api.LogStepsAsync(run, [new StepData(1, Reward: 0.2, Tokens: 1000, Metrics: new Dictionary<string, double> { ["kl"] = 0.01, ["a"] = 1 }), new StepData(2, Reward: 0.3, Tokens: 1100)]);
            await api.RecordEvaluationsAsync(run, [new EvaluationData(2, "holdout", 0.3, 500)]);
        }

        (await api.PostAsync($"/api/v1/runs/{a}/finish", new { status = "completed" })).EnsureSuccessStatusCode();
        return (a, b);
    }
}
