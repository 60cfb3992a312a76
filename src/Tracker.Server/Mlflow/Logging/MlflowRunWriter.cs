using Tracker.Contracts.Messaging;
using Tracker.Domain.Runs;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>Every MLflow write reaches a run stream through <see cref="RunWriter"/>, the writer the run command consumer
/// uses: one writer per run, expected-version appends, the audit hash chain, and the answer only after the commit.
/// MLflow commands are decided in this process (they do not cross the bus when Messaging:HttpDispatch is Bus).</summary>
public sealed class MlflowRunWriter(RunWriter writer, ILogger<MlflowRunWriter> logger)
{
    public async Task<CommandOutcome> ExecuteAsync(Guid runId, CommandOrigin origin, Func<RunLedger, Decision> decide, CancellationToken cancellationToken)
    {
        try
        {
            return await writer.ExecuteAsync(runId, decide, new EventMetadata(origin.CorrelationId, null, origin), cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException || ex.InnerException is Npgsql.NpgsqlException)
        {
            // The MLflow client retries 503 with back-off; every MLflow write is idempotent, so a retry duplicates nothing.
            logger.LogError(ex, "MLflow write to run {RunId} could not be stored", runId);
            return new CommandOutcome(503, 0, 0, Wire.MlflowErrorCode.TemporarilyUnavailable, "the write could not be stored (the store may be unavailable); retry it");
        }
    }
}
