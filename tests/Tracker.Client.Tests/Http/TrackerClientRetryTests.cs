using System.Net;
using System.Net.Http.Headers;
using Tracker.Client.Retry;
using Tracker.Client.Tests.Fakes;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Tests.Http;

public sealed class TrackerClientRetryTests
{
    private static readonly Guid RunId = Guid.Parse("7b0b7a4e-1f7e-4c1a-9d7e-2f1c0a7b9e11");
    private static readonly StepData[] Steps = [new(1, Reward: 0.5), new(2, Reward: 0.6)];

    private readonly FakeHandler _handler = new();
    private readonly ManualTimeProvider _time = new() { AutoAdvance = true };

    private TrackerClient Client(int maxAttempts = 5) => new(_handler.Client(), new TrackerClientOptions
    {
        TimeProvider = _time,
        Retry = new RetryPolicy { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2), Random = () => 0 },
    });

    private static IngestResult Ok => new(RunId, 2, 0);

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_status_is_retried_with_exponential_backoff(HttpStatusCode status)
    {
        _handler.Then(status).Then(status).Then(status).Then(HttpStatusCode.OK, Ok);

        var result = await Client().LogStepsAsync(RunId, Steps);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(4, _handler.Requests.Count);
        Assert.Equal([100, 200, 400], _time.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task Every_try_sends_the_same_body_so_the_server_sees_a_duplicate()
    {
        _handler.Then(HttpStatusCode.ServiceUnavailable).ThenNetworkError().Then(HttpStatusCode.OK, Ok);

        await Client().LogStepsAsync(RunId, Steps);

        var bodies = _handler.Requests.Select(r => r.Body).ToList();
        Assert.Equal(3, bodies.Count);
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task Network_errors_are_retried()
    {
        _handler.ThenNetworkError().ThenNetworkError().Then(HttpStatusCode.OK, Ok);

        await Client().LogStepsAsync(RunId, Steps);

        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal([100, 200], _time.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task Timeout_of_the_http_client_is_retried()
    {
        _handler.ThenThrow(new TaskCanceledException("timed out", new TimeoutException())).Then(HttpStatusCode.OK, Ok);

        await Client().LogStepsAsync(RunId, Steps);

        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task Too_many_requests_waits_what_retry_after_says_in_seconds()
    {
        _handler.Then(_ => FakeHandler.RetryAfter(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))))
            .Then(HttpStatusCode.OK, Ok);

        await Client().LogStepsAsync(RunId, Steps);

        Assert.Equal([TimeSpan.FromSeconds(7)], _time.Delays);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_measured_from_the_clock()
    {
        var at = _time.GetUtcNow().AddSeconds(42);
        _handler.Then(_ => FakeHandler.RetryAfter(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(at)))
            .Then(HttpStatusCode.OK, Ok);

        await Client().LogStepsAsync(RunId, Steps);

        Assert.Equal([TimeSpan.FromSeconds(42)], _time.Delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Other_errors_are_thrown_at_once_without_retry(HttpStatusCode status)
    {
        _handler.Then(_ => FakeHandler.Problem(status, "Nope", "step 3 is already stored with different values"));

        var error = await Assert.ThrowsAsync<TrackerApiException>(() => Client().LogStepsAsync(RunId, Steps));

        Assert.Equal(status, error.Status);
        Assert.False(error.IsTransient);
        Assert.Single(_handler.Requests);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task When_tries_run_out_the_last_answer_is_thrown_as_transient()
    {
        _handler.Otherwise(_ => FakeHandler.Problem(HttpStatusCode.ServiceUnavailable, "Unavailable", "database restarting"));

        var error = await Assert.ThrowsAsync<TrackerApiException>(() => Client(maxAttempts: 3).LogStepsAsync(RunId, Steps));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.True(error.IsTransient);
        Assert.Equal("database restarting", error.Detail);
        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal(2, _time.Delays.Count);
    }

    [Fact]
    public async Task When_tries_run_out_without_any_answer_the_network_error_is_thrown()
    {
        _handler.OtherwiseThrow(new HttpRequestException("connection refused"));

        await Assert.ThrowsAsync<HttpRequestException>(() => Client(maxAttempts: 4).LogStepsAsync(RunId, Steps));

        Assert.Equal(4, _handler.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_stops_retrying()
    {
        var manual = new ManualTimeProvider();
        var client = new TrackerClient(_handler.Client(), new TrackerClientOptions { TimeProvider = manual });
        _handler.Otherwise(_ => FakeHandler.Problem(HttpStatusCode.ServiceUnavailable, "Unavailable", "down"));
        using var cancel = new CancellationTokenSource();

        var call = client.LogStepsAsync(RunId, Steps, cancel.Token);
        await manual.WaitForTimerAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Reads_are_retried_too()
    {
        _handler.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK, Array.Empty<object>());

        var studies = await Client().GetStudiesAsync();

        Assert.Empty(studies);
        Assert.Equal(2, _handler.Requests.Count);
    }
}
