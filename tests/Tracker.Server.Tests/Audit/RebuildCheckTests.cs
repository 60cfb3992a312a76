using System.Net.Http.Json;
using Tracker.Contracts.Audit;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Server.Tests.Audit;

public sealed class RebuildCheckTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Rebuilding_after_a_shuffled_sweep_reproduces_every_read_model_and_a_changed_one_is_named()
    {
        var points = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 2, Seed = 5, Steps = 40 });
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var runs = await SweepPoster.PostAsync(api, "rebuild", points, shuffle: new Random(7), uniqueSamples: _ => 2_000, stepsPerBatch: 7);
        (await api.PostAsync($"/api/v1/runs/{runs.Values.First()}/finish", new { status = "completed" })).EnsureSuccessStatusCode();
        await StudyWaits.ProjectionsAsync(app);
        await StudyWaits.FitAsync(app, "rebuild");

        var clean = await CheckAsync(api);
        output.WriteLine($"rebuild-check: {clean.EventsReplayed} events in {clean.Seconds:0.000} s = {clean.EventsPerSecond:0} events/s");
        Assert.True(clean.Identical, string.Join("\n", clean.Differences.Select(d => $"{d.Document} {d.Id} {d.Kind}: " + string.Join("; ", d.Fields))));
        Assert.Equal(runs.Count, clean.DocumentsChecked["RunSummary"]);
        Assert.Equal(runs.Count, clean.DocumentsChecked["RunCurve"]);
        Assert.Equal(1, clean.DocumentsChecked["StudySummary"]);
        Assert.True(clean.EventsReplayed >= await db.CountEventsAsync() - 10); // every run event and the study's

        var changed = runs.Values.Skip(3).First();
        await db.ScalarAsync<int>($"with u as (update tracker.mt_doc_runsummary set data = jsonb_set(data, '{{stepCount}}', '999') where id = '{changed}' returning 1) select count(*)::int from u");
        var removed = runs.Values.Skip(5).First();
        await db.ScalarAsync<int>($"with u as (delete from tracker.mt_doc_runcurve where id = '{removed}' returning 1) select count(*)::int from u");
        await db.ScalarAsync<int>("with u as (update tracker.mt_doc_studysummary set data = jsonb_set(data, '{lossDataset}', '\"math500\"') returning 1) select count(*)::int from u");

        var dirty = await CheckAsync(api);
        Assert.False(dirty.Identical);
        Assert.Equal(3, dirty.Differences.Count);
        var summary = Assert.Single(dirty.Differences, d => d.Document == "RunSummary");
        Assert.Equal((changed.ToString(), "changed"), (summary.Id, summary.Kind));
        var field = Assert.Single(summary.Fields);
        Assert.Equal(("$.stepCount", "999"), (field.Path, field.Stored));
        Assert.Contains(dirty.Differences, d => d.Document == "RunCurve" && d.Id == removed.ToString() && d.Kind == "missing");
        Assert.Contains(dirty.Differences, d => d.Document == "StudySummary" && d.Fields.Single().Path == "$.lossDataset");
    }

    private static async Task<RebuildReport> CheckAsync(Api api)
    {
        var response = await api.Http.PostAsync(new Uri("/api/v1/admin/rebuild-check", UriKind.Relative), null);
        await Api.EnsureAsync(response, System.Net.HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<RebuildReport>(Api.Json))!;
    }
}
