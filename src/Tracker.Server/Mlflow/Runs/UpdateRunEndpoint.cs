using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Domain.Runs;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Runs;

/// <summary>runs/update: FINISHED, FAILED or KILLED finish the run (RunFinished); a new run_name is a tag. The first
/// final status stays: a later different one (e.g. MLflow's exit hook marking a run FINISHED) is answered with the
/// run as it is, not an error, so a job's exit never fails on it. RUNNING (a resumed run) changes nothing.</summary>
public static class UpdateRunEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, IQuerySession query, MlflowRunWriter writer, MlflowLogging logging, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<UpdateRunRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        if (MlflowBatchReader.RunIdOf(request.RunId, request.RunUuid) is not { } runId)
        {
            return MlflowResults.Invalid(MlflowBatchReader.MissingRunId(request.RunId ?? request.RunUuid));
        }

        if (request.Status is { } status && !MlflowRunStatus.IsKnown(status))
        {
            return MlflowResults.Invalid($"Invalid value '{status}' for parameter 'status': one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");
        }

        if (await query.LoadAsync<MlflowRunDetails>(runId, ct) is null)
        {
            return MlflowResults.NotFound($"Run with id={MlflowIds.RunId(runId)} not found");
        }

        var origin = MlflowOrigin.Of(http);
        if (!string.IsNullOrEmpty(request.RunName))
        {
            var renamed = await logging.LogAsync(new MlflowBatch(runId, [], [new(MlflowRunDetailsProjection.RunNameTag, request.RunName)], []), origin, query, ct);
            if (renamed is not null)
            {
                return renamed;
            }
        }

        if (request.Status is { } requested && MlflowRunStatus.FinalStatus(requested) is { } final)
        {
            var command = new Contracts.Messaging.FinishRun(runId, final, null, origin);
            var outcome = await writer.ExecuteAsync(runId, origin, ledger => RunDecider.Finish(ledger, command), ct);
            if (!outcome.Succeeded && outcome.Status != StatusCodes.Status409Conflict)
            {
                return MlflowResults.From(outcome);
            }
        }

        var run = await query.LoadAsync<MlflowRunDetails>(runId, ct);
        return MlflowResults.Ok(new UpdateRunResponse(run!.ToInfo()));
    }
}
