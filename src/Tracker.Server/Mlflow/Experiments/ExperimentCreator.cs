using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Tracker.Contracts.Messaging;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Server.Audit.Chain;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Mlflow.Experiments;

/// <summary>experiments/create starts the study's stream with StudyCreated (hash-chained like every appended event),
/// unless the study exists. Of two creators at once one wins; the other hears RESOURCE_ALREADY_EXISTS, on which the
/// MLflow client looks the experiment up by name, as it does against MLflow.</summary>
public sealed class ExperimentCreator(IDocumentStore store, StudyRegistry studies)
{
    public async Task<bool> TryCreateAsync(string study, CommandOrigin origin, CancellationToken ct)
    {
        var id = DeterministicGuid.ForStudy(study);
        await using var session = store.LightweightSession();
        new EventMetadata(origin.CorrelationId, null, origin).ApplyTo(session);
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null)
        {
            return false;
        }

        var action = session.Events.StartStream(id, new StudyCreated(id, study, Security.Projects.Projects.IsDefault(origin.Project) ? null : origin.Project));
        EventChain.Stamp(store.Options.Serializer(), action, 1, null, EventChain.MetadataOf(session, "client", "host"), DateTimeOffset.UtcNow);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (IsCollision(ex))
        {
            return false;
        }

        studies.MarkKnown(study);
        return true;
    }

    private static bool IsCollision(Exception ex) =>
        ex is JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException or EventStreamUnexpectedMaxEventIdException or JasperFx.ConcurrencyException
        || ex.InnerException is { } inner && IsCollision(inner);
}
