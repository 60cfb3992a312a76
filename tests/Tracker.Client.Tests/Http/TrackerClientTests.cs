using System.Net;
using System.Text.Json;
using Tracker.Client.Retry;
using Tracker.Client.Tests.Fakes;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Tests.Http;

public sealed class TrackerClientTests
{
    private static readonly Guid RunId = Guid.Parse("0d3f0c52-8a4c-4b0e-9f0a-5b2a7c1d3e4f");
    private readonly FakeHandler _handler = new();

    private TrackerClient Client(string baseAddress = "http://tracker.test/", string? clientName = null) =>
        new(_handler.Client(baseAddress), new TrackerClientOptions { ClientName = clientName, Retry = RetryPolicy.None });

    [Fact]
    public async Task Register_posts_camel_case_json_and_reads_the_run()
    {
        _handler.Then(HttpStatusCode.Created, Summary());
        var request = new RegisterRunRequest(
            "qwen-sweep",
            "7b-seed1",
            RunId,
            new ModelSpec("Qwen2.5", 7e9, "Instruct"),
            new TrainingSpec(BatchSize: 256, RolloutN: 8, UniqueSamples: 40_000),
            Tags: new Dictionary<string, string> { ["seed"] = "1" });

        var run = await Client().RegisterRunAsync(request);

        var sent = _handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("http://tracker.test/api/v1/runs", sent.Uri.ToString());
        Assert.Equal("application/json", sent.ContentType);
        var json = sent.Json;
        Assert.Equal(RunId, json.GetProperty("runId").GetGuid());
        Assert.Equal("qwen-sweep", json.GetProperty("study").GetString());
        Assert.Equal(7e9, json.GetProperty("model").GetProperty("parameters").GetDouble());
        Assert.Equal(256, json.GetProperty("training").GetProperty("batchSize").GetInt32());
        Assert.Equal("1", json.GetProperty("tags").GetProperty("seed").GetString());
        Assert.False(json.TryGetProperty("config", out _), "nulls are left out");
        Assert.Equal(RunId, run.RunId);
        Assert.Equal("running", run.Status);
    }

    [Fact]
    public async Task Steps_go_to_the_run_in_order_with_only_the_fields_set()
    {
        _handler.Then(HttpStatusCode.OK, new IngestResult(RunId, 2, 1));
        StepData[] steps = [new(5, Reward: 0.25, Metrics: new Dictionary<string, double> { ["kl"] = 0.01 }), new(3, Loss: 1.5)];

        var result = await Client().LogStepsAsync(RunId, steps);

        var sent = _handler.Requests.Single();
        Assert.Equal($"http://tracker.test/api/v1/runs/{RunId}/steps", sent.Uri.ToString());
        var posted = sent.Json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([5, 3], posted.Select(s => s.GetProperty("step").GetInt64()));
        Assert.Equal(0.01, posted[0].GetProperty("metrics").GetProperty("kl").GetDouble());
        Assert.False(posted[1].TryGetProperty("reward", out _));
        Assert.Equal((2, 1), (result.Accepted, result.Duplicates));
    }

    [Fact]
    public async Task Evaluations_and_finish_use_their_paths()
    {
        _handler.Then(HttpStatusCode.OK, new IngestResult(RunId, 1, 0)).Then(HttpStatusCode.OK, Summary());

        await Client().RecordEvaluationsAsync(RunId, [new EvaluationData(100, "math500", 0.42, 500)]);
        await Client().FinishRunAsync(RunId, "completed", "done");

        var (evals, finish) = (_handler.Requests[0], _handler.Requests[1]);
        Assert.EndsWith($"/api/v1/runs/{RunId}/evaluations", evals.Uri.AbsolutePath);
        Assert.Equal(0.42, evals.Json.GetProperty("evaluations")[0].GetProperty("passAt1").GetDouble());
        Assert.EndsWith($"/api/v1/runs/{RunId}/finish", finish.Uri.AbsolutePath);
        Assert.Equal("completed", finish.Json.GetProperty("status").GetString());
        Assert.Equal("done", finish.Json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Reads_use_their_paths_and_queries()
    {
        _handler.Then(HttpStatusCode.OK, Summary())
            .Then(HttpStatusCode.OK, new EventPage<RunEventView>([], null))
            .Then(HttpStatusCode.OK, new { study = new { name = "a b/c", runCount = 0, modelSizes = Array.Empty<double>() }, runs = Array.Empty<object>() });

        await Client().GetRunAsync(RunId);
        await Client().GetRunEventsAsync(RunId, fromVersion: 101, limit: 50);
        var study = await Client().GetStudyAsync("a b/c");

        Assert.Equal($"/api/v1/runs/{RunId}", _handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("?fromVersion=101&limit=50", _handler.Requests[1].Uri.Query);
        Assert.Equal("/api/v1/studies/a%20b%2Fc", _handler.Requests[2].Uri.AbsolutePath);
        Assert.Equal("a b/c", study.Study.Name);
    }

    [Fact]
    public async Task All_events_are_read_page_after_page()
    {
        _handler.Then(HttpStatusCode.OK, new EventPage<RunEventView>([Event(1), Event(2)], 3))
            .Then(HttpStatusCode.OK, new EventPage<RunEventView>([Event(3)], null));

        var versions = new List<long>();
        await foreach (var e in Client().GetAllRunEventsAsync(RunId, pageSize: 2))
        {
            versions.Add(e.Version);
        }

        Assert.Equal([1, 2, 3], versions);
        Assert.Equal(["?fromVersion=1&limit=2", "?fromVersion=3&limit=2"], _handler.Requests.Select(r => r.Uri.Query));
    }

    [Fact]
    public async Task A_base_address_with_a_path_keeps_it()
    {
        _handler.Then(HttpStatusCode.OK, Summary());

        await Client("http://proxy.test/tracker").GetRunAsync(RunId);

        Assert.Equal($"http://proxy.test/tracker/api/v1/runs/{RunId}", _handler.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task Client_name_is_sent_when_set()
    {
        _handler.Then(HttpStatusCode.OK, Summary()).Then(HttpStatusCode.OK, Summary());

        await Client(clientName: "verl-worker-3").GetRunAsync(RunId);
        await Client().GetRunAsync(RunId);

        Assert.Equal("verl-worker-3", _handler.Requests[0].TrackerClient);
        Assert.Null(_handler.Requests[1].TrackerClient);
    }

    [Fact]
    public async Task Problem_details_are_surfaced_with_their_field_errors()
    {
        _handler.Then(_ => FakeHandler.Problem(
            HttpStatusCode.BadRequest,
            "Invalid input",
            "steps[1].reward: must be a finite number",
            new[] { new { field = "steps[1].reward", message = "must be a finite number" } }));

        var error = await Assert.ThrowsAsync<TrackerApiException>(() => Client().LogStepsAsync(RunId, [new StepData(1)]));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("Invalid input", error.Title);
        Assert.Equal("steps[1].reward: must be a finite number", error.Detail);
        Assert.Equal(new ProblemFieldError("steps[1].reward", "must be a finite number"), Assert.Single(error.Errors));
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("steps[1].reward", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_error_keeps_its_status_and_text()
    {
        _handler.Then(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>no such route</html>") });

        var error = await Assert.ThrowsAsync<TrackerApiException>(() => Client().GetRunAsync(RunId));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("<html>no such route</html>", error.Detail);
    }

    [Fact]
    public void A_client_without_base_address_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TrackerClient(new HttpClient()));
    }

    private static RunSummaryView Summary() => new(
        RunId, "qwen-sweep", "7b-seed1", new ModelSpec(), new TrainingSpec(), new Dictionary<string, string>(), "running", null,
        DateTimeOffset.UnixEpoch, null, 0, null, null, null, 0, 0, 0, null, new Dictionary<string, EvaluationData>(), []);

    private static RunEventView Event(long version) =>
        new(version, version, "StepsLogged", DateTimeOffset.UnixEpoch, null, null, null, new Dictionary<string, string>(), JsonDocument.Parse("{}").RootElement);
}
