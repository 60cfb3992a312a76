using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class TimeTravelTests
{
    [Fact]
    public async Task A_runs_summary_as_of_a_time_or_version_is_exactly_what_the_api_answered_then()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = (await api.RegisterAsync("travel", "r", uniqueSamples: 4096)).RunId;
        var captured = new List<(DateTimeOffset At, string Answer)> { await CaptureAsync(api, $"/api/v1/runs/{run}") };
        await api.LogStepsAsync(run, [new StepData(2, Reward: 0.2, Loss: 0.9, Tokens: 1e6), new StepData(1, Reward: 0.1, Tokens: 2e6)]);
        captured.Add(await CaptureAsync(api, $"/api/v1/runs/{run}"));
        await api.RecordEvaluationsAsync(run, [new EvaluationData(2, "holdout", 0.25, 500)]);
        captured.Add(await CaptureAsync(api, $"/api/v1/runs/{run}"));
        await api.LogStepsAsync(run, [new StepData(3, Reward: 0.3, Tokens: 1.5e6)]);
        (await api.PostAsync($"/api/v1/runs/{run}/finish", new { status = "failed", reason = "oom" })).EnsureSuccessStatusCode();
        captured.Add(await CaptureAsync(api, $"/api/v1/runs/{run}"));
        Assert.Equal(4, captured.Select(c => c.Answer).Distinct().Count());

        foreach (var (at, answer) in captured)
        {
            Assert.Equal(answer, await AuditCalls.GetTextAsync(api.Http, $"/api/v1/runs/{run}?asOf={AuditCalls.Time(at)}"));
        }

        Assert.Equal(captured[1].Answer, await AuditCalls.GetTextAsync(api.Http, $"/api/v1/runs/{run}?version=2"));
        Assert.Equal(captured[3].Answer, await AuditCalls.GetTextAsync(api.Http, $"/api/v1/runs/{run}?version=5"));
        Assert.Equal(captured[3].Answer, await AuditCalls.GetTextAsync(api.Http, $"/api/v1/runs/{run}"));

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(api, $"/api/v1/runs/{run}?version=6"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(api, $"/api/v1/runs/{run}?asOf=2000-01-01T00:00:00Z"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(api, $"/api/v1/runs/{run}?version=1&asOf=2000-01-01T00:00:00Z"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(api, $"/api/v1/runs/{run}?asOf=yesterday"));
    }

    [Fact]
    public async Task A_studys_dataset_as_of_a_time_or_sequence_is_exactly_what_the_api_answered_then()
    {
        var points = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 11, Steps = 30 });
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        const string path = "/api/v1/studies/travel/dataset";

        await SweepPoster.PostAsync(api, "travel", points.Where(p => p.Step <= 10).ToList(), shuffle: new Random(1));
        await StudyWaits.ProjectionsAsync(app);
        var early = await CaptureAsync(api, path);
        var earlyHistory = await AuditCalls.GetAsync<EventPage<RunEventView>>(api, "/api/v1/studies/travel/history?includeRuns=true&limit=1000");
        var earlySequence = earlyHistory.Items.Where(e => e.Timestamp <= early.At).Max(e => e.Sequence);

        await SweepPoster.PostAsync(api, "travel", points.Where(p => p.Step > 10).ToList(), shuffle: new Random(2));
        await StudyWaits.ProjectionsAsync(app);
        var full = await CaptureAsync(api, path);
        (await api.Http.PutAsJsonAsync(new Uri("/api/v1/studies/travel/mapping", UriKind.Relative), new { lossDataset = "math500" })).EnsureSuccessStatusCode();
        var remapped = await CaptureAsync(api, path);
        Assert.Equal(3, new[] { early.Answer, full.Answer, remapped.Answer }.Distinct().Count());

        Assert.Equal(early.Answer, await AuditCalls.GetTextAsync(api.Http, $"{path}?asOf={AuditCalls.Time(early.At)}"));
        Assert.Equal(early.Answer, await AuditCalls.GetTextAsync(api.Http, $"{path}?sequence={earlySequence}"));
        Assert.Equal(full.Answer, await AuditCalls.GetTextAsync(api.Http, $"{path}?asOf={AuditCalls.Time(full.At)}"));
        Assert.Equal(remapped.Answer, await AuditCalls.GetTextAsync(api.Http, $"{path}?asOf={AuditCalls.Time(remapped.At)}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(api, $"{path}?asOf=2000-01-01T00:00:00Z"));
    }

    private static async Task<(DateTimeOffset At, string Answer)> CaptureAsync(Api api, string path)
    {
        var answer = await AuditCalls.GetTextAsync(api.Http, path);
        return (DateTimeOffset.UtcNow, answer);
    }

    private static async Task<HttpStatusCode> StatusAsync(Api api, string path) =>
        (await api.Http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;
}
