using System.Collections.Concurrent;
using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Wire;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Mlflow.Experiments;

/// <summary>MLflow experiments are Tracker's studies: the name is the study name, the id is derived from it
/// (<see cref="MlflowIds.ExperimentId"/>). Experiment "0" ("Default") always exists, as on an MLflow server.</summary>
public sealed class ExperimentDirectory
{
    private readonly ConcurrentDictionary<string, string> _studyOfId = new(StringComparer.Ordinal);

    /// <summary>The study of an experiment id; null when no study has that id.</summary>
    public async Task<string?> StudyOfAsync(IQuerySession query, string? experimentId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(experimentId))
        {
            return null;
        }

        if (experimentId == MlflowIds.DefaultExperimentId)
        {
            return MlflowIds.DefaultExperimentName;
        }

        if (_studyOfId.TryGetValue(experimentId, out var known))
        {
            return known;
        }

        foreach (var study in await query.Query<StudySummary>().Select(s => s.Id).ToListAsync(ct))
        {
            _studyOfId[MlflowIds.ExperimentId(study)] = study;
        }

        return _studyOfId.GetValueOrDefault(experimentId);
    }

    public async Task<MlflowExperiment?> ByNameAsync(IQuerySession query, string name, CancellationToken ct) =>
        await query.LoadAsync<StudySummary>(name, ct) is { } summary ? ToExperiment(summary)
        : name == MlflowIds.DefaultExperimentName ? DefaultExperiment()
        : null;

    public async Task<MlflowExperiment?> ByIdAsync(IQuerySession query, string? experimentId, CancellationToken ct) =>
        await StudyOfAsync(query, experimentId, ct) is { } study ? await ByNameAsync(query, study, ct) : null;

    /// <summary>Every experiment of the projects <paramref name="readable"/> accepts (the default experiment always).</summary>
    public async Task<List<MlflowExperiment>> AllAsync(IQuerySession query, Func<string, bool> readable, CancellationToken ct)
    {
        var studies = await query.Query<StudySummary>().Select(s => new StudyName(s.Id, s.CreatedAt, s.Project)).ToListAsync(ct);
        var experiments = studies.Where(s => readable(s.Project)).Select(s => ToExperiment(s.Id, s.CreatedAt)).ToList();
        if (!experiments.Any(e => e.ExperimentId == MlflowIds.DefaultExperimentId))
        {
            experiments.Add(DefaultExperiment());
        }

        return experiments;
    }

    public static MlflowExperiment ToExperiment(StudySummary study) => ToExperiment(study.Id, study.CreatedAt);

    /// <summary>A study's creation is the experiment's last update too: Tracker has no experiment metadata to change.</summary>
    private static MlflowExperiment ToExperiment(string study, DateTimeOffset createdAt)
    {
        var id = MlflowIds.ExperimentId(study);
        var created = createdAt.ToUnixTimeMilliseconds();
        return new MlflowExperiment(id, study, MlflowIds.ArtifactLocation(id), "active", created, created, []);
    }

    private sealed record StudyName(string Id, DateTimeOffset CreatedAt, string Project);

    private static MlflowExperiment DefaultExperiment() =>
        new(MlflowIds.DefaultExperimentId, MlflowIds.DefaultExperimentName, MlflowIds.ArtifactLocation(MlflowIds.DefaultExperimentId), "active", 0, 0, []);
}
