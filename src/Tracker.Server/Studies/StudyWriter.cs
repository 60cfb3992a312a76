using JasperFx;
using JasperFx.Events;
using Marten;
using Tracker.Domain.Identity;

namespace Tracker.Server.Studies;

/// <summary>Appends to a study stream. Writers are rare (mapping changes, live fits, warnings) so a plain append
/// retried on a version collision is enough.</summary>
public sealed class StudyWriter(IDocumentStore store)
{
    public async Task AppendAsync(string study, IReadOnlyList<object> events, string? user, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = user;
            session.Events.Append(DeterministicGuid.ForStudy(study), events);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 5 && ex is EventStreamUnexpectedMaxEventIdException or ConcurrencyException)
            {
                await Task.Delay(10 * attempt, cancellationToken);
            }
        }
    }
}
