using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Tracker.Client;
using Tracker.Client.Retry;
using Tracker.Contracts.Runs;

namespace Tracker.Server.Tests.Faults;

/// <summary>Sees every answer the client gets: a fault may cost 503s (with Retry-After) and network errors, never a 500.</summary>
internal sealed class AnswerRecorder : DelegatingHandler
{
    public ConcurrentQueue<string> Failures { get; } = new();

    public ConcurrentBag<(HttpStatusCode Status, bool RetryAfter)> ErrorAnswers { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                ErrorAnswers.Add((response.StatusCode, response.Headers.RetryAfter is not null));
                if (response.Content is not null)
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    Failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.f} {(int)response.StatusCode} {request.RequestUri?.PathAndQuery}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.f} network {request.RequestUri?.PathAndQuery}: {ex.GetType().Name} {ex.Message}");
            throw;
        }
    }
}

/// <summary>A training job posting batches of steps with the .NET client, which retries 503s and network errors until
/// it gets a 2xx. Only a 2xx counts a batch as acknowledged; stopping lets the current batch finish, so at the end every
/// batch it sent is acknowledged.</summary>
internal sealed class IngestionLoop(TrackerClient client, Guid runId, int batchSize = 100)
{
    private volatile bool _stop;
    private Task? _task;

    public ConcurrentDictionary<long, byte> Acknowledged { get; } = new();

    /// <summary>Answers the client did not retry (a 500, a 4xx): each one is a failure of the test.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static TrackerClientOptions Options => new()
    {
        ClientName = "fault-test",
        Retry = new RetryPolicy { MaxAttempts = int.MaxValue, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
    };

    public void Start() => _task = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        for (var batch = 0; !_stop; batch++)
        {
            var steps = Enumerable.Range(batch * batchSize, batchSize).Select(i => new StepData(i, Reward: i % 7 * 0.1, Tokens: 1e6 + i)).ToList();
            while (true)
            {
                try
                {
                    await client.LogStepsAsync(runId, steps);
                    foreach (var s in steps)
                    {
                        Acknowledged.TryAdd(s.Step, 0);
                    }

                    break;
                }
                catch (Exception ex)
                {
                    // The client gave up (it should not: it retries transient failures forever here). Record it, try again.
                    Errors.Enqueue(ex.GetType().Name + ": " + ex.Message);
                    await Task.Delay(200);
                }
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> steps are acknowledged.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Acknowledged.Count < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"only {Acknowledged.Count} of {count} steps acknowledged within {timeout.TotalSeconds:0} s; last failures: {string.Join(" | ", Errors.TakeLast(3))}");
            }

            if (_task is { IsFaulted: true })
            {
                await _task;
            }

            await Task.Delay(100);
        }
    }

    public async Task StopAsync()
    {
        _stop = true;
        if (_task is not null)
        {
            await _task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}
