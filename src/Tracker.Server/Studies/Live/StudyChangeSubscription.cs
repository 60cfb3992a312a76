using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Tracker.Contracts.Notifications;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;
using Tracker.Server.Runs.GetRunSummary;

namespace Tracker.Server.Studies.Live;

/// <summary>Marten subscription over the event log (run by the async daemon, so on one node at a time): marks studies
/// whose data changed for the live fitter, and publishes compact notifications on the bus for every node.
/// No dual write: notifications come from committed events, at least once.</summary>
public sealed class StudyChangeSubscription : SubscriptionBase
{
    private readonly ConcurrentDictionary<Guid, string> _studyOfRun = new();
    private readonly IServiceProvider _services;

    public StudyChangeSubscription(IServiceProvider services, TimeSpan? publishTimeout = null)
    {
        _services = services;
        PublishTimeout = publishTimeout ?? DefaultPublishTimeout;
        if (PublishTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{PublishTimeoutKey} is {PublishTimeout}; it must be a positive time span such as 00:00:10.");
        }

        // Step batches are the bulk of the log; the daemon then never loads them for this subscription. A study's
        // points are its evaluations, so they (and registrations, finishes, study events) are what mark it changed.
        IncludeType<RunRegistered>();
        IncludeType<EvaluationsRecorded>();
        IncludeType<RunFinished>();
        IncludeType<FitComputed>();
        IncludeType<WarningRaised>();
        IncludeType<WarningCleared>();
        IncludeType<ScalingVariablesMapped>();
        foreach (var correction in RunCorrections.EventTypes)
        {
            IncludeType(correction);
        }
    }

    public const string PublishTimeoutKey = "Tracker:Live:PublishTimeout";
    public const int PublishAttempts = 3;
    public static readonly TimeSpan DefaultPublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt to publish a page's notifications may take before it is abandoned.</summary>
    public TimeSpan PublishTimeout { get; }

    /// <summary>Study → highest sequence of a run event not yet covered by a fit.</summary>
    public ConcurrentDictionary<string, long> Dirty { get; } = new(StringComparer.Ordinal);

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var notes = new Dictionary<(string Study, string Kind, Guid? Run), StudyChanged>();
        foreach (var e in page.Events)
        {
            var (study, kind, run) = e.Data switch
            {
                RunRegistered r => (Remember(r), StudyChanged.RunProgressed, r.RunId),
                EvaluationsRecorded v => (await StudyOf(v.RunId, operations, cancellationToken), StudyChanged.RunProgressed, v.RunId),
                RunFinished f => (await StudyOf(f.RunId, operations, cancellationToken), StudyChanged.RunProgressed, f.RunId),
                IRunCorrection c => (await StudyOf(c.RunId, operations, cancellationToken), StudyChanged.RunProgressed, c.RunId),
                FitComputed f => (f.Study, StudyChanged.FitComputed, (Guid?)null),
                WarningRaised w => (w.Study, StudyChanged.WarningRaised, w.RunId),
                WarningCleared w => (w.Study, StudyChanged.WarningCleared, w.RunId),
                ScalingVariablesMapped m => (m.Study, StudyChanged.MappingChanged, (Guid?)null),
                _ => ((string?)null, "", (Guid?)null),
            };
            if (study is null)
            {
                continue;
            }

            if (kind is StudyChanged.RunProgressed or StudyChanged.MappingChanged)
            {
                Dirty.AddOrUpdate(study, e.Sequence, (_, old) => Math.Max(old, e.Sequence));
            }

            notes[(study, kind, run)] = new StudyChanged(study, kind, run, e.Sequence, e.Timestamp);
        }

        if (notes.Count > 0)
        {
            await PublishAsync([.. notes.Values], cancellationToken);
        }

        return NullChangeListener.Instance;
    }

    /// <summary>Publishes with a deadline per attempt and a few retries, then fails the page with an exception that
    /// is not a cancellation. Why both:
    /// - Marten's daemon drops a page silently when ProcessEventsAsync throws an OperationCanceledException, whoever
    ///   cancelled it (SubscriptionExecutionBase catches it as its own stop). The shard then goes on with the next page,
    ///   whose progression update expects the dropped page's ceiling, fails with ProgressionProgressOutOfOrderException,
    ///   and that stops the shard for good: Marten's coordinator restarts paused shards, never stopped ones. The bus
    ///   can throw a TaskCanceledException when RabbitMQ goes away mid-publish (docs/faults.md: how a chaos run left
    ///   this subscription stopped). Any other exception pauses the shard, and the coordinator restarts a paused shard
    ///   from its last committed position after Tracker:Projections:RetryPausedAfter: the page is published again
    ///   (at least once).
    /// - RabbitMQ.Client can leave a publish waiting forever for a confirm when the connection dies under it
    ///   (docs/faults.md, "Fixed: ingestion over the bus"), and while the broker is down MassTransit's send waits for
    ///   it: without a deadline the shard would stay "running" and never move. WaitAsync stops waiting even if the
    ///   transport ignores the cancellation; an abandoned publish that completes later only repeats notifications.</summary>
    private async Task PublishAsync(StudyChanged[] notes, CancellationToken daemon)
    {
        var publisher = _services.GetRequiredService<IStudyChangePublisher>();
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(daemon);
            deadline.CancelAfter(PublishTimeout);
            try
            {
                await publisher.PublishAsync(notes, deadline.Token).WaitAsync(deadline.Token);
                return;
            }
            catch (Exception e) when (!daemon.IsCancellationRequested)
            {
                var cause = e is OperationCanceledException && deadline.IsCancellationRequested ? $"timed out after {PublishTimeout}" : e.GetType().Name + ": " + e.Message;
                if (attempt == PublishAttempts)
                {
                    throw new InvalidOperationException(
                        $"Publishing {notes.Length} study notifications failed {PublishAttempts} times (last: {cause}); the shard pauses and restarts from its last committed position.", e);
                }

                _services.GetService<ILogger<StudyChangeSubscription>>()?.LogWarning(
                    "Publishing {Count} study notifications failed (attempt {Attempt} of {Attempts}: {Cause}); retrying", notes.Length, attempt, PublishAttempts, cause);
                await Task.Delay(TimeSpan.FromSeconds(attempt), daemon);
            }
        }
    }

    private string Remember(RunRegistered r) => _studyOfRun[r.RunId] = r.Study;

    private async Task<string?> StudyOf(Guid runId, IDocumentOperations operations, CancellationToken ct)
    {
        if (_studyOfRun.TryGetValue(runId, out var study))
        {
            return study;
        }

        var run = await operations.LoadAsync<RunSummary>(runId, ct);
        return run is null ? null : _studyOfRun[runId] = run.Study;
    }
}
