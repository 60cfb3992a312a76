using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
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

    public StudyChangeSubscription(IServiceProvider services)
    {
        _services = services;

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
            var bus = _services.GetRequiredService<IBus>();
            await bus.PublishBatch(notes.Values, cancellationToken);
        }

        return NullChangeListener.Instance;
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
