using System.Collections.Concurrent;
using Marten;
using Tracker.Domain.Conventions;
using Tracker.Server.Mlflow.Runs;

namespace Tracker.Server.Mlflow.Conventions;

/// <summary>The conventions a run's metrics are read with: those of its study. A run's study never changes, so it is
/// remembered; the study's mapping is read each time (one small document), so a new mapping applies at once.</summary>
public sealed class ConventionsReader
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<Guid, string> _studyOfRun = new();

    public async Task<(string? Study, TrainingConventions Conventions)> ForRunAsync(IQuerySession query, Guid runId, CancellationToken ct)
    {
        if (!_studyOfRun.TryGetValue(runId, out var study))
        {
            study = await query.Query<MlflowRunDetails>().Where(r => r.Id == runId).Select(r => r.Study).FirstOrDefaultAsync(ct);
            if (study is null)
            {
                return (null, TrainingConventions.BuiltIn);
            }

            if (_studyOfRun.Count >= MaxRemembered)
            {
                _studyOfRun.Clear();
            }

            _studyOfRun[runId] = study;
        }

        var stored = await query.LoadAsync<StudyConventions>(study, ct);
        return (study, stored is null ? TrainingConventions.BuiltIn : new TrainingConventions(stored.Mapping));
    }
}
