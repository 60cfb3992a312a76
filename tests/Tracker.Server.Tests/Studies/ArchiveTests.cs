using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Audit;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Studies;

public sealed class ArchiveTests
{
    private const string Study = "old-sweep";
    private const string Reason = "superseded by the v2 sweep; kept for the paper's appendix";

    [Fact]
    public async Task An_archived_study_is_read_only_hidden_from_the_list_and_still_fully_readable()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var run = (await api.RegisterAsync(Study, "r1", uniqueSamples: 4096)).RunId;
        await api.LogStepsAsync(run, [new StepData(1, Reward: 0.2, Tokens: 1e6), new StepData(2, Reward: 0.3, Tokens: 1e6)]);
        await api.RecordEvaluationsAsync(run, [new EvaluationData(2, "holdout", 0.3, 500)]);
        await api.RegisterAsync("active", "r");

        var archived = await ArchiveAsync(api, Study, Reason);
        Assert.True(archived.Recorded);
        Assert.Equal(Reason, archived.Archived.Reason);
        var again = await ArchiveAsync(api, Study, "a second admin, same intent");
        Assert.False(again.Recorded);
        Assert.Equal(archived.Archived, again.Archived);

        // Hidden from the list by default, listed with ?archived=true.
        var listed = await AuditCalls.GetAsync<List<StudyView>>(api, "/api/v1/studies");
        Assert.Equal(["active"], listed.Select(s => s.Name));
        var all = await AuditCalls.GetAsync<List<StudyView>>(api, "/api/v1/studies?archived=true");
        Assert.Equal(Reason, all.Single(s => s.Name == Study).Archived!.Reason);
        Assert.Null(all.Single(s => s.Name == "active").Archived);

        // Every write to it or its runs is a 409 naming the archive, and nothing is written (the live fitter may still
        // record fits of the data from before the archive: derived events, so only run streams are counted).
        var events = await db.CountRunEventsAsync();
        await Refused(await api.PostAsync($"/api/v1/runs/{run}/steps", new { steps = new[] { new { step = 3 } } }));
        await Refused(await api.PostAsync($"/api/v1/runs/{run}/evaluations", new { evaluations = new[] { new { step = 3, dataset = "holdout", passAt1 = 0.4 } } }));
        await Refused(await api.PostAsync($"/api/v1/runs/{run}/finish", new { status = "completed" }));
        await Refused(await api.PostAsync("/api/v1/runs", new { study = Study, name = "r2", model = new { family = "Qwen2.5-7B" }, training = new { batchSize = 512 } }));
        await Refused(await CorrectionsCalls.PostAsync(api, run, "exclude", new { reason = "too late" }));
        await Refused(await api.Http.PutAsJsonAsync(new Uri($"/api/v1/studies/{Study}/mapping", UriKind.Relative), new { lossDataset = "math500" }));
        // A retry of something stored before the archive is still answered as a duplicate: it writes nothing either.
        Assert.Equal(1, (await api.LogStepsAsync(run, [new StepData(1, Reward: 0.2, Tokens: 1e6)])).Duplicates);
        Assert.Equal(events, await db.CountRunEventsAsync());
        Assert.Empty((await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/studies/{Study}/history?type=ScalingVariablesMapped")).Items);

        // Still readable: the study, its dataset, the history with the archive and its reason, export and verify.
        var study = await AuditCalls.GetAsync<StudyDetailView>(api, $"/api/v1/studies/{Study}");
        Assert.Equal(Reason, study.Study.Archived!.Reason);
        await StudyWaits.ProjectionsAsync(app);
        Assert.Single((await AuditCalls.GetAsync<DatasetView>(api, $"/api/v1/studies/{Study}/dataset")).Points);
        var history = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/studies/{Study}/history?type=StudyArchived");
        var item = Assert.Single(history.Items);
        Assert.Equal(Reason, item.Data.GetProperty("reason").GetString());
        Assert.Equal(item.User, item.Data.TryGetProperty("by", out var by) ? by.GetString() : null);
        var bundle = await AuditCalls.GetTextAsync(api.Http, $"/api/v1/studies/{Study}/export");
        Assert.Contains("\"study_archived\"", bundle, StringComparison.Ordinal);
        await CorrectionsCalls.AssertAuditIntactAsync(api, Study);

        // The archive travels with the bundle: imported elsewhere, the study is archived there too.
        await using var target = new TrackerApp(await TestDatabase.CreateAsync());
        var other = new Api(target.CreateClient());
        var imported = await other.Http.PostAsync(new Uri("/api/v1/import/bundle", UriKind.Relative), new StringContent(bundle, System.Text.Encoding.UTF8, "application/x-ndjson"));
        await Api.EnsureAsync(imported, HttpStatusCode.OK);
        Assert.Empty(await AuditCalls.GetAsync<List<StudyView>>(other, "/api/v1/studies"));
        Assert.Equal(Reason, (await AuditCalls.GetAsync<StudyDetailView>(other, $"/api/v1/studies/{Study}")).Study.Archived!.Reason);
        Assert.True((await AuditCalls.VerifyAsync(other)).Ok);
    }

    [Fact]
    public async Task Archiving_needs_a_reason_and_an_existing_study()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        await api.RegisterAsync(Study, "r1");

        await CorrectionsCalls.ProblemAsync(await api.PostAsync($"/api/v1/studies/{Study}/archive", new { }), HttpStatusCode.BadRequest, "reason: is required");
        await CorrectionsCalls.ProblemAsync(await api.PostAsync($"/api/v1/studies/{Study}/archive", new { reason = new string('x', 2001) }), HttpStatusCode.BadRequest, "at most 2000");
        await CorrectionsCalls.ProblemAsync(await api.PostAsync("/api/v1/studies/nope/archive", new { reason = "x" }), HttpStatusCode.NotFound, "'nope' does not exist");
        Assert.Empty((await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/studies/{Study}/history?type=StudyArchived")).Items);
        Assert.Single(await AuditCalls.GetAsync<List<StudyView>>(api, "/api/v1/studies"));
    }

    private static async Task<ArchiveStudyResult> ArchiveAsync(Api api, string study, string reason)
    {
        var response = await api.PostAsync($"/api/v1/studies/{study}/archive", new { reason });
        await Api.EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<ArchiveStudyResult>(Api.Json))!;
    }

    private static Task Refused(HttpResponseMessage response) =>
        CorrectionsCalls.ProblemAsync(response, HttpStatusCode.Conflict, $"study '{Study}' was archived", Reason, "read-only");
}
