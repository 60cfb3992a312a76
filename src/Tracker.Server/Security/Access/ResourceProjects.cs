using System.Collections.Concurrent;
using Marten;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Security.Access;

/// <summary>Which project owns a study or a run. Both never change once created, so known answers are cached for the
/// life of the process; unknown ones are asked again.</summary>
public sealed class ResourceProjects(IDocumentStore store)
{
    private readonly ConcurrentDictionary<string, string> _studies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, string> _runs = new();

    /// <summary>The study's project, or null when the study does not exist.</summary>
    public async Task<string?> OfStudyAsync(string study, CancellationToken ct)
    {
        if (_studies.TryGetValue(study, out var known))
        {
            return known;
        }

        await using var session = store.QuerySession();
        var summary = await session.LoadAsync<StudySummary>(study, ct);
        return summary is null ? null : _studies.GetOrAdd(study, summary.Project);
    }

    /// <summary>The run's project (through its study), or null when the run is not registered.</summary>
    public async Task<string?> OfRunAsync(Guid runId, CancellationToken ct)
    {
        if (_runs.TryGetValue(runId, out var known))
        {
            return known;
        }

        string? study;
        await using (var session = store.QuerySession())
        {
            study = (await session.LoadAsync<RunSummary>(runId, ct))?.Study;
        }

        var project = study is null ? null : await OfStudyAsync(study, ct);
        return project is null ? null : _runs.GetOrAdd(runId, project);
    }
}
