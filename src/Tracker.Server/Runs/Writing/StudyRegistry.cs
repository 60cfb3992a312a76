using System.Collections.Concurrent;
using Marten;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Server.Security.Projects;

namespace Tracker.Server.Runs.Writing;

/// <summary>Creates a study stream on first use by name. Remembers studies known to exist so the common case costs nothing.</summary>
public sealed class StudyRegistry
{
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    /// <summary>Queues the study's creation in the session when it does not exist yet; returns whether it did.</summary>
    public async Task<bool> EnsureAsync(IDocumentSession session, string study, string? project, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(study))
        {
            return false;
        }

        var id = DeterministicGuid.ForStudy(study);
        if (await session.Events.FetchStreamStateAsync(id, cancellationToken) is not null)
        {
            MarkKnown(study);
            return false;
        }

        session.Events.StartStream(id, new StudyCreated(id, study, Projects.IsDefault(project) ? null : project));
        return true;
    }

    /// <summary>Called once the creation is committed: only then is the study known to exist.</summary>
    public void MarkKnown(string study) => _known.TryAdd(study, 0);
}
