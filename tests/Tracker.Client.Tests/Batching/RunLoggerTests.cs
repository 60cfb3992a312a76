using System.Net;
using Tracker.Client.Batching;
using Tracker.Client.Retry;
using Tracker.Client.Tests.Fakes;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Tests.Batching;

public sealed class RunLoggerTests
{
    private static readonly Guid RunId = Guid.Parse("5a3c1f00-2b7d-4e59-8c61-0f9e2d4b6a71");

    private readonly FakeTracker _server = new();
    private readonly ManualTimeProvider _time = new();

    private RunLogger Logger(RunLoggerOptions? options = null) =>
        new(_server.Client(_time), RunId, (options ?? new RunLoggerOptions()) with { TimeProvider = _time });

    private static IEnumerable<long> Range(long from, long count) => Enumerable.Range(0, (int)count).Select(i => from + i);

    [Fact]
    public async Task Sends_full_batches_at_once_and_the_rest_after_the_interval_in_log_order()
    {
        await using var logger = Logger();

        foreach (var step in Range(0, 2_500))
        {
            logger.Log(new StepData(step, Reward: step / 10.0));
        }

        await _server.Handler.WaitForRequestsAsync(2);
        Assert.Equal(TimeSpan.FromSeconds(1), await _time.WaitForTimerAsync());
        Assert.Equal(2, _server.Handler.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _server.Handler.WaitForRequestsAsync(3);

        Assert.Equal([1_000, 1_000, 500], _server.StepBatches.Select(b => b.Count));
        Assert.Equal(Range(0, 2_500), _server.StoredSteps);
    }

    [Fact]
    public async Task An_entry_waits_at_most_the_flush_interval()
    {
        await using var logger = Logger(new RunLoggerOptions { FlushInterval = TimeSpan.FromMilliseconds(250) });

        logger.Log(new StepData(1));
        logger.Log(new StepData(2));

        Assert.Equal(TimeSpan.FromMilliseconds(250), await _time.WaitForTimerAsync());
        Assert.Empty(_server.Handler.Requests);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await _server.Handler.WaitForRequestsAsync(1);

        Assert.Equal([[1, 2]], _server.StepBatches);
    }

    [Fact]
    public async Task Flush_sends_a_partial_batch_without_waiting_for_the_interval()
    {
        await using var logger = Logger();
        foreach (var step in Range(0, 10))
        {
            logger.Log(new StepData(step));
        }

        await logger.FlushAsync();

        Assert.Equal([Range(0, 10)], _server.StepBatches);
        Assert.Equal(new RunLoggerCounters(10, 10, 0, 0, 0, 0, 0), logger.Counters);
        Assert.Equal(new ManualTimeProvider().GetUtcNow(), _time.GetUtcNow()); // no interval had to pass
    }

    [Fact]
    public async Task Evaluations_travel_in_the_same_batch_as_the_steps_around_them()
    {
        await using var logger = Logger();

        logger.Log(new StepData(1));
        logger.LogEvaluation(new EvaluationData(1, "math500", 0.4, 500));
        logger.Log(new StepData(2));
        await logger.FlushAsync();

        Assert.Equal([[1, 2]], _server.StepBatches);
        Assert.Equal([[1]], _server.EvaluationBatches);
        Assert.EndsWith("/steps", _server.Handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.EndsWith("/evaluations", _server.Handler.Requests[1].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(3, logger.Counters.Sent);
    }

    [Fact]
    public async Task A_batch_is_retried_with_backoff_until_the_server_is_back()
    {
        _server.Handler.Then(HttpStatusCode.ServiceUnavailable).ThenNetworkError().Then(HttpStatusCode.BadGateway);
        await using var logger = Logger(new RunLoggerOptions
        {
            BatchSize = 5,
            Retry = new RetryPolicy { MaxAttempts = int.MaxValue, BaseDelay = TimeSpan.FromMilliseconds(500), Random = () => 0 },
        });
        foreach (var step in Range(0, 5))
        {
            logger.Log(new StepData(step));
        }

        foreach (var expected in new[] { 500, 1_000, 2_000 })
        {
            var wait = TimeSpan.FromMilliseconds(expected);
            await _time.WaitForTimerAsync(d => d == wait);
            _time.Advance(wait);
        }

        await logger.FlushAsync();

        Assert.Equal(4, _server.Handler.Requests.Count);
        Assert.Single(_server.Handler.Requests.Select(r => r.Body).Distinct());
        Assert.Equal([Range(0, 5)], _server.StepBatches);
        var counters = logger.Counters;
        Assert.Equal((5, 3, 0L), (counters.Sent, counters.FailedAttempts, counters.Pending));
    }

    [Fact]
    public async Task A_conflicting_step_costs_only_itself()
    {
        _server.Intercept = r => FakeTracker.StepsOf(r).Contains(7)
            ? FakeHandler.Problem(HttpStatusCode.Conflict, "Conflicting step", "step 7 is already stored with different values")
            : null;
        await using var logger = Logger(new RunLoggerOptions { BatchSize = 16 });

        foreach (var step in Range(0, 16))
        {
            logger.Log(new StepData(step));
        }

        await logger.FlushAsync();

        Assert.Equal(Range(0, 16).Where(s => s != 7), _server.StoredSteps);
        var counters = logger.Counters;
        Assert.Equal((15, 1, 0L), (counters.Sent, counters.Rejected, counters.Pending));
        var error = Assert.IsType<TrackerApiException>(logger.LastError);
        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        // Halving 16 entries down to the bad one takes 2·log2(16) + 1 requests, not 16.
        Assert.Equal(9, _server.Handler.Requests.Count);
    }

    [Fact]
    public async Task An_unknown_run_rejects_the_batch_without_retrying()
    {
        _server.Intercept = _ => FakeHandler.Problem(HttpStatusCode.NotFound, "Not found", "run is not registered");
        await using var logger = Logger();
        foreach (var step in Range(0, 3))
        {
            logger.Log(new StepData(step));
        }

        await logger.FlushAsync();

        Assert.Single(_server.Handler.Requests);
        Assert.Equal((0L, 3L, 0L), (logger.Counters.Sent, logger.Counters.Rejected, logger.Counters.FailedAttempts));
    }

    [Fact]
    public async Task A_full_buffer_drops_the_oldest_waiting_entries()
    {
        var gate = GateFirstRequest();
        await using var logger = Logger(new RunLoggerOptions { BatchSize = 2, Capacity = 4, FullWait = TimeSpan.Zero });

        LogSteps(logger, 0, 2);
        await _server.Handler.WaitForRequestsAsync(1);
        LogSteps(logger, 2, 6);
        Assert.Equal(2, logger.Counters.Dropped);

        gate.SetResult();
        await logger.FlushAsync();

        Assert.Equal([[0, 1], [4, 5], [6, 7]], _server.StepBatches);
        Assert.Equal(new RunLoggerCounters(8, 6, 0, 2, 0, 0, 0), logger.Counters);
    }

    [Fact]
    public async Task A_full_buffer_waits_for_room_first()
    {
        var gate = GateFirstRequest();
        await using var logger = Logger(new RunLoggerOptions { BatchSize = 2, Capacity = 4, FullWait = TimeSpan.FromMilliseconds(200) });
        LogSteps(logger, 0, 2);
        await _server.Handler.WaitForRequestsAsync(1);
        LogSteps(logger, 2, 4);

        var blocked = Task.Run(() => logger.Log(new StepData(6)));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromMilliseconds(200));
        Assert.False(blocked.IsCompleted);
        gate.SetResult();
        await blocked;
        await logger.FlushAsync();

        Assert.Equal(Range(0, 7), _server.StoredSteps);
        Assert.Equal(0, logger.Counters.Dropped);
    }

    [Fact]
    public async Task A_full_buffer_drops_the_oldest_once_the_wait_is_over()
    {
        var gate = GateFirstRequest();
        await using var logger = Logger(new RunLoggerOptions { BatchSize = 2, Capacity = 4, FullWait = TimeSpan.FromMilliseconds(200) });
        LogSteps(logger, 0, 2);
        await _server.Handler.WaitForRequestsAsync(1);
        LogSteps(logger, 2, 4);

        var blocked = Task.Run(() => logger.Log(new StepData(6)));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromMilliseconds(200));
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await blocked;
        Assert.Equal(1, logger.Counters.Dropped);
        gate.SetResult();
        await logger.FlushAsync();

        Assert.Equal([[0, 1], [3, 4], [5, 6]], _server.StepBatches);
    }

    [Fact]
    public async Task Non_finite_numbers_are_left_out_and_invalid_entries_never_sent()
    {
        await using var logger = Logger();

        logger.Log(new StepData(1, Reward: 1, Loss: double.NaN, Tokens: -5, Metrics: new Dictionary<string, double> { ["kl"] = double.PositiveInfinity, ["entropy"] = 2 }));
        logger.Log(new StepData(-1));
        logger.LogEvaluation(new EvaluationData(1, "math500", 1.5));
        logger.LogEvaluation(new EvaluationData(1, "math500", double.NaN));
        await logger.FlushAsync();

        var step = Assert.Single(_server.Handler.Requests).Json.GetProperty("steps")[0];
        Assert.Equal(1, step.GetProperty("reward").GetDouble());
        Assert.False(step.TryGetProperty("loss", out _));
        Assert.False(step.TryGetProperty("tokens", out _));
        Assert.Equal(["entropy"], step.GetProperty("metrics").EnumerateObject().Select(p => p.Name));
        var counters = logger.Counters;
        Assert.Equal((4L, 1L, 3L, 1L), (counters.Logged, counters.Sent, counters.Rejected, counters.Sanitized));
    }

    [Fact]
    public async Task Dispose_sends_what_is_left()
    {
        var logger = Logger();
        LogSteps(logger, 0, 3);

        await logger.DisposeAsync();

        Assert.Equal([[0, 1, 2]], _server.StepBatches);
        Assert.Equal(0, logger.Counters.Pending);
    }

    [Fact]
    public async Task Dispose_gives_up_after_its_timeout_and_counts_the_rest_as_dropped()
    {
        _server.Intercept = _ => FakeHandler.Problem(HttpStatusCode.ServiceUnavailable, "Unavailable", "down");
        var logger = Logger(new RunLoggerOptions { DisposeTimeout = TimeSpan.FromSeconds(5) });
        LogSteps(logger, 0, 3);

        var disposing = logger.DisposeAsync().AsTask();
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(5));
        await disposing;

        var counters = logger.Counters;
        Assert.Equal((0L, 3L, 0L), (counters.Sent, counters.Dropped, counters.Pending));
        Assert.True(counters.FailedAttempts >= 1);
        logger.Log(new StepData(4));
        Assert.Equal(4, logger.Counters.Dropped);
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing_and_keep_their_own_order()
    {
        await using var logger = Logger(new RunLoggerOptions { BatchSize = 100 });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => LogSteps(logger, w * 10_000, 1_000))));
        await logger.FlushAsync();

        var stored = _server.StoredSteps;
        Assert.Equal(4_000, stored.Count);
        Assert.Equal(4_000, stored.Distinct().Count());
        foreach (var writer in Enumerable.Range(0, 4))
        {
            var own = stored.Where(s => s / 10_000 == writer).ToList();
            Assert.Equal(own.Order(), own);
        }

        Assert.All(_server.StepBatches, b => Assert.InRange(b.Count, 1, 100));
        Assert.Equal(4_000, logger.Counters.Sent);
    }

    [Fact]
    public async Task Start_registers_the_run_and_logs_under_its_id()
    {
        var registered = Guid.Parse("11111111-2222-4333-8444-555555555555");
        _server.Handler.Then(HttpStatusCode.Created, new
        {
            runId = registered, study = "s", name = "n", model = new { }, training = new { }, tags = new { }, status = "running",
            lastEvaluations = new { }, warnings = Array.Empty<string>(),
        });

        await using var logger = await RunLogger.StartAsync(_server.Client(_time), new RegisterRunRequest("s", "n"), new RunLoggerOptions { TimeProvider = _time });
        logger.Log(new StepData(1));
        await logger.FlushAsync();

        Assert.Equal(registered, logger.RunId);
        Assert.Equal($"/api/v1/runs/{registered}/steps", _server.Handler.Requests[1].Uri.AbsolutePath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Batch_size_must_fit_the_server_limit(int batchSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Logger(new RunLoggerOptions { BatchSize = batchSize }));
    }

    private static void LogSteps(RunLogger logger, long from, long count)
    {
        foreach (var step in Range(from, count))
        {
            logger.Log(new StepData(step));
        }
    }

    // Holds the first request until released, as a slow server would.
    private TaskCompletionSource GateFirstRequest()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Handler.ThenAsync(async r =>
        {
            await gate.Task;
            return _server.Acknowledge(r);
        });
        return gate;
    }
}
