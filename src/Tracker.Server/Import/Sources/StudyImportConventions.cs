using Marten;
using Tracker.Domain.Conventions;
using Tracker.Domain.Import.Conventions;
using Tracker.Server.Mlflow.Conventions;

namespace Tracker.Server.Import.Sources;

/// <summary>The conventions a study reads imported runs with: its own mapping (<c>PUT …/conventions</c>) over the
/// built-in veRL and TRL names, exactly as the MLflow-compatible API reads what a job logs live.</summary>
public sealed class StudyImportConventions(IDocumentStore store)
{
    public async Task<IImportConventions> ForStudyAsync(string study, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        var stored = await query.LoadAsync<StudyConventions>(study, cancellationToken);
        return stored is null ? SharedImportConventions.BuiltIn : new SharedImportConventions(new TrainingConventions(stored.Mapping));
    }
}
