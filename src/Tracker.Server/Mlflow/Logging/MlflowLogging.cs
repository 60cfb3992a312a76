using Marten;
using Tracker.Contracts.Messaging;
using Tracker.Domain.Runs;
using Tracker.Server.Mlflow.Conventions;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>Writes one MLflow logging request: reads the conventions of the run's study, decides against the run's
/// ledger inside the run's writer, and maps the study's loss dataset when its first evaluations arrive.</summary>
public sealed class MlflowLogging(MlflowRunWriter writer, ConventionsReader conventions, LossDatasetAutoMapper lossDatasets, ILogger<MlflowLogging> logger)
{
    /// <summary>Null when the request is stored (or was already); else the MLflow error to answer.</summary>
    public async Task<IResult?> LogAsync(MlflowBatch batch, CommandOrigin origin, IQuerySession query, CancellationToken ct)
    {
        var (study, studyConventions) = await conventions.ForRunAsync(query, batch.RunId, ct);
        if (study is null)
        {
            return MlflowResults.NotFound($"Run with id={MlflowIds.RunId(batch.RunId)} not found");
        }

        Decision? decided = null;
        var outcome = await writer.ExecuteAsync(batch.RunId, origin, ledger => decided = MlflowBatchDecider.Decide(ledger, batch, studyConventions), ct);
        if (!outcome.Succeeded)
        {
            return MlflowResults.From(outcome);
        }

        var datasets = decided?.Events.OfType<EvaluationsRecorded>().SelectMany(e => e.Evaluations).Select(e => e.Dataset).Distinct(StringComparer.Ordinal).ToList();
        if (datasets is { Count: > 0 })
        {
            try
            {
                await lossDatasets.MapIfUnmappedAsync(study, datasets, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The metrics are committed; the mapping is a convenience a researcher can always set by hand.
                logger.LogWarning(ex, "Could not map the loss dataset of study {Study}", study);
            }
        }

        return null;
    }
}
