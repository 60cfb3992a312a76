using System.Net;
using System.Text;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Runs;

/// <summary>Every bad request gets a 4xx whose message names what is wrong and where, and leaves the store unchanged.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private TrackerApp _app = null!;
    private Api _api = null!;
    private Guid _runId;

    public async Task InitializeAsync()
    {
        _app = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?> { ["Tracker:Ingestion:MaxRequestBodyBytes"] = "200000" });
        _api = new Api(_app.CreateClient());
        _runId = (await _api.RegisterAsync("s", "r")).RunId;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string, string> BadSteps => new()
    {
        { """{"steps":[{"step":1},{"step":-3}]}""", "steps[1].step", "must be an integer" },
        { """{"steps":[{"reward":0.5}]}""", "steps[0]", "missing required propert" },
        { """{"steps":[{"step":1,"reward":"NaN"}]}""", "steps[0].reward", "expected a number, got a string" },
        { """{"steps":[{"step":1,"loss":"Infinity"}]}""", "steps[0].loss", "expected a number, got a string" },
        { """{"steps":[{"step":1,"reward":"0.5"}]}""", "steps[0].reward", "expected a number, got a string" },
        { """{"steps":[{"step":1.5}]}""", "steps[0].step", "expected an integer" },
        { """{"steps":[{"step":"one"}]}""", "steps[0].step", "expected a number, got a string" },
        { """{"steps":[{"step":1,"metrics":{"kl":"NaN"}}]}""", "steps[0].metrics.kl", "expected a number, got a string" },
        { """{"steps":[{"step":1,"metrics":[1,2]}]}""", "steps[0].metrics", "expected an object" },
        { """{"steps":[{"step":1,"tokens":-5}]}""", "steps[0].tokens", "must not be negative" },
        { """{"steps":[]}""", "steps", "non-empty" },
        { """{"steps":null}""", "steps", "non-empty" },
        { """{"steps":[{"step":1}""", "$", "malformed JSON" },
        { """not json""", "$", "malformed JSON" },
        { """[1,2,3]""", "$", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadSteps))]
    public async Task A_bad_step_batch_is_a_400_naming_the_field_and_stores_nothing(string body, string field, string message)
    {
        var before = await _app.Database.CountRunEventsAsync();

        var response = await _api.PostRawAsync($"/api/v1/runs/{_runId}/steps", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await Api.ProblemAsync(response)).GetProperty("errors")[0];
        Assert.StartsWith(field, error.GetProperty("field").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Equal(before, await _app.Database.CountRunEventsAsync());
    }

    public static TheoryData<string, string> BadEvaluations => new()
    {
        { """{"evaluations":[{"step":1,"dataset":"holdout","passAt1":1.5}]}""", "evaluations[0].passAt1" },
        { """{"evaluations":[{"step":1,"dataset":"holdout","passAt1":-0.1}]}""", "evaluations[0].passAt1" },
        { """{"evaluations":[{"step":1,"dataset":"","passAt1":0.5}]}""", "evaluations[0].dataset" },
        { """{"evaluations":[{"step":1,"passAt1":0.5}]}""", "evaluations[0]" },
        { """{"evaluations":[{"step":-1,"dataset":"h","passAt1":0.5}]}""", "evaluations[0].step" },
    };

    [Theory]
    [MemberData(nameof(BadEvaluations))]
    public async Task A_bad_evaluation_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await _app.Database.CountRunEventsAsync();
        var response = await _api.PostRawAsync($"/api/v1/runs/{_runId}/evaluations", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field, (await Api.ProblemAsync(response)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await _app.Database.CountRunEventsAsync());
    }

    [Theory]
    [InlineData("""{"name":"r"}""", "$")]
    [InlineData("""{"study":"","name":"r"}""", "study")]
    [InlineData("""{"study":"s","name":"r","model":{"parameters":-7}}""", "model.parameters")]
    [InlineData("""{"study":"s","name":"r","training":{"batchSize":0}}""", "training.batchSize")]
    [InlineData("""{"study":"s","name":"r","runId":"not-a-uuid"}""", "runId")]
    [InlineData("""{"study":"s\u000B","name":"r"}""", "study")] // a trailing vertical tab is a control character, not a space to trim
    [InlineData("""{"study":"s","name":"r\n"}""", "name")]
    public async Task A_bad_registration_is_a_400_and_creates_no_stream(string body, string field)
    {
        var before = await _app.Database.CountStreamsAsync();
        var response = await _api.PostRawAsync("/api/v1/runs", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field, (await Api.ProblemAsync(response)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await _app.Database.CountStreamsAsync());
    }

    [Fact]
    public async Task More_than_ten_thousand_steps_in_one_request_is_a_400()
    {
        var before = await _app.Database.CountRunEventsAsync();
        var body = "{\"steps\":[" + string.Join(',', Enumerable.Range(0, 10_001).Select(i => $"{{\"step\":{i}}}")) + "]}";
        using var app = new TrackerApp(_app.Database); // default body limit: this body is ~140 kB
        var response = await new Api(app.CreateClient()).PostRawAsync($"/api/v1/runs/{_runId}/steps", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 10000", (await Api.ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await _app.Database.CountRunEventsAsync());
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_a_413()
    {
        var before = await _app.Database.CountRunEventsAsync();
        var body = "{\"steps\":[" + string.Join(',', Enumerable.Range(0, 9_000).Select(i => $"{{\"step\":{i},\"reward\":0.123456}}")) + "]}";
        Assert.True(Encoding.UTF8.GetByteCount(body) > 200_000);
        var response = await _api.PostRawAsync($"/api/v1/runs/{_runId}/steps", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await _app.Database.CountRunEventsAsync());
    }

    [Fact]
    public async Task Posting_to_an_unknown_run_is_a_404_and_stores_nothing()
    {
        var before = await _app.Database.CountRunEventsAsync();
        var unknown = Guid.NewGuid();
        foreach (var (path, body) in new[]
        {
            ("steps", """{"steps":[{"step":1}]}"""),
            ("evaluations", """{"evaluations":[{"step":1,"dataset":"h","passAt1":0.5}]}"""),
            ("finish", """{"status":"completed"}"""),
        })
        {
            var response = await _api.PostRawAsync($"/api/v1/runs/{unknown}/{path}", body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(unknown.ToString(), (await Api.ProblemAsync(response)).GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync(new Uri($"/api/v1/runs/{unknown}", UriKind.Relative))).StatusCode);
        Assert.Equal(before, await _app.Database.CountRunEventsAsync());
    }

    [Fact]
    public async Task A_finish_with_an_unknown_status_is_a_400()
    {
        var response = await _api.PostRawAsync($"/api/v1/runs/{_runId}/finish", """{"status":"paused"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("status", (await Api.ProblemAsync(response)).GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
