using JasperFx;
using JasperFx.Events;
using Marten;
using Tracker.Domain.Identity;
using Tracker.Server.Audit.Chain;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Studies;

/// <summary>Appends to a study stream. Writers are rare (mapping changes, live fits, warnings) so an append at the
/// version just read, retried on a collision, is enough. The read also gives the hash chain's head.</summary>
public sealed class StudyWriter(IDocumentStore store)
{
    public Task AppendAsync(string study, IReadOnlyList<object> events, string? user, CancellationToken cancellationToken) =>
        AppendAsync(study, events, session => session.LastModifiedBy = user, cancellationToken);

    /// <summary>With the whole origin of an audited request: user, client, host and correlation id.</summary>
    public Task AppendAsync(string study, IReadOnlyList<object> events, EventMetadata metadata, CancellationToken cancellationToken) =>
        AppendAsync(study, events, metadata.ApplyTo, cancellationToken);

    private async Task AppendAsync(string study, IReadOnlyList<object> events, Action<IDocumentSession> describe, CancellationToken cancellationToken)
    {
        var id = DeterministicGuid.ForStudy(study);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            describe(session);
            var (version, previous) = await EventChain.HeadAsync(session, id, cancellationToken);
            var action = version == 0
                ? session.Events.StartStream(id, events)
                : session.Events.Append(id, version + events.Count, events);
            EventChain.Stamp(store.Options.Serializer(), action, version + 1, previous, EventChain.MetadataOf(session, "client", "host"), DateTimeOffset.UtcNow);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 5 && IsWriteConflict(ex))
            {
                await Task.Delay(10 * attempt, cancellationToken);
            }
        }
    }

    private static bool IsWriteConflict(Exception ex) =>
        ex is EventStreamUnexpectedMaxEventIdException or ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
        || ex.InnerException is { } inner && IsWriteConflict(inner);
}
