using System.Net;
using Tracker.Client.Http;
using Tracker.Client.Retry;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Batching;

/// <summary>Sends one batch: its steps, then its evaluations, each retried per the logger's policy. When the server
/// refuses a batch for its content (400, 409, 413, 422) the batch is halved and each half sent again, so one bad or
/// conflicting entry costs only itself: the server stores nothing of a refused request, and entries already stored
/// come back as duplicates.</summary>
internal sealed class BatchSender(TrackerClient client, Guid runId, RetryPolicy policy, Tally tally, CancellationToken stop)
{
    private static readonly HashSet<HttpStatusCode> Splittable =
    [
        HttpStatusCode.BadRequest,
        HttpStatusCode.Conflict,
        HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.UnprocessableEntity,
    ];

    private Exception? _lastError;

    public Exception? LastError => Volatile.Read(ref _lastError);

    public async Task SendAsync(IReadOnlyList<LogEntry> batch)
    {
        var steps = batch.Where(e => e.Step is not null).Select(e => e.Step!).ToList();
        var evaluations = batch.Where(e => e.Evaluation is not null).Select(e => e.Evaluation!).ToList();
        if (steps.Count > 0)
        {
            await SendPartAsync(steps, (items, ct) => client.LogStepsAsync(runId, items, policy, OnFailedAttempt, ct));
        }

        if (evaluations.Count > 0)
        {
            await SendPartAsync(evaluations, (items, ct) => client.RecordEvaluationsAsync(runId, items, policy, OnFailedAttempt, ct));
        }
    }

    private async Task SendPartAsync<T>(List<T> items, Func<IReadOnlyList<T>, CancellationToken, Task<IngestResult>> send)
    {
        try
        {
            var result = await send(items, stop);
            tally.AddSent(items.Count, result.Duplicates);
        }
        catch (TrackerApiException ex) when (items.Count > 1 && !ex.IsTransient && Splittable.Contains(ex.Status))
        {
            var half = items.Count / 2;
            await SendPartAsync(items[..half], send);
            await SendPartAsync(items[half..], send);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Volatile.Write(ref _lastError, ex);
            if (RetryingSender.IsTransient(ex))
            {
                // Only with a policy of limited tries: the server was away for all of them.
                tally.AddDropped(items.Count);
            }
            else
            {
                tally.AddRejected(items.Count);
            }
        }
    }

    private void OnFailedAttempt(FailedAttempt attempt)
    {
        Volatile.Write(ref _lastError, attempt.Error ?? new HttpRequestException($"Tracker answered {(int?)attempt.Status}", null, attempt.Status));
        tally.AddFailedAttempt();
    }
}
