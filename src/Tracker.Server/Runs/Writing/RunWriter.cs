using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Tracker.Contracts.Messaging;
using Tracker.Domain.Identity;
using Tracker.Domain.Runs;
using Tracker.Server.Audit.Chain;
using Tracker.Server.Studies.Archive;

namespace Tracker.Server.Runs.Writing;

/// <summary>The only way events reach a run stream. One writer per run in this process (a keyed lock), an
/// expected-version append against other nodes, and a retry after catching up when another writer got there first,
/// so concurrent posting never surfaces a version conflict to a client.</summary>
public sealed class RunWriter(IDocumentStore store, RunLedgerCache ledgers, StudyRegistry studies, ArchivedStudies archives, ILogger<RunWriter> logger, Infrastructure.Observability.TrackerMetrics? metrics = null)
{
    private const int MaxAttempts = 10;
    private readonly KeyedLock<Guid> _locks = new();

    public async Task<CommandOutcome> ExecuteAsync(Guid runId, Func<RunLedger, Decision> decide, EventMetadata metadata, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(runId, cancellationToken);
        var ledger = await ledgers.GetAsync(runId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var decision = decide(ledger);
            if (decision.Events.Count == 0)
            {
                ledgers.Remember(ledger);
                return decision.Outcome;
            }

            if (await archives.RefuseAsync(ledger, decision, cancellationToken) is { } refused)
            {
                return refused;
            }

            await using var session = store.LightweightSession();
            metadata.ApplyTo(session);
            var audit = EventChain.MetadataOf(session, "client", "host");
            var now = DateTimeOffset.UtcNow;

            // A new study's stream goes first: events are numbered in append order, and a rebuild of the study summary
            // must meet the study's creation before its first run.
            var newStudy = decision.Events[0] is RunRegistered registered && await studies.EnsureAsync(session, registered.Study, metadata.Origin.Project, cancellationToken)
                ? registered.Study
                : null;
            if (newStudy is not null)
            {
                var studyId = DeterministicGuid.ForStudy(newStudy);
                EventChain.Stamp(store.Options.Serializer(), session.PendingChanges.Streams().Single(s => s.Id == studyId), 1, null, audit, now);
            }

            var action = ledger.Version == 0
                ? session.Events.StartStream(runId, decision.Events)
                : session.Events.Append(runId, ledger.Version + decision.Events.Count, decision.Events);

            // The chain head is in memory on the hot path; only a ledger just caught up from the stream reads it.
            var previous = ledger.KnowsHead ? ledger.LastHash : await EventChain.HashAtAsync(session, runId, ledger.Version, cancellationToken);
            var head = EventChain.Stamp(store.Options.Serializer(), action, ledger.Version + 1, previous, audit, now);

            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (IsWriteConflict(ex) && attempt < MaxAttempts)
            {
                // Another node appended to this run (or created this study) since our ledger was read.
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug(ex, "Write conflict on run {RunId}, attempt {Attempt}; catching up", runId, attempt);
                }

                await ledgers.CatchUpAsync(ledger, cancellationToken);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
                continue;
            }

            if (newStudy is not null)
            {
                studies.MarkKnown(newStudy);
            }

            metrics?.Appended(decision.Events);
            ledger.ApplyAll(decision.Events, ledger.Version);
            ledger.Chain(ledger.Version, head);
            ledgers.Remember(ledger);
            return decision.Outcome;
        }
    }

    private static bool IsWriteConflict(Exception ex) =>
        ex is EventStreamUnexpectedMaxEventIdException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException or ConcurrencyException
        || ex.InnerException is { } inner && IsWriteConflict(inner);
}
