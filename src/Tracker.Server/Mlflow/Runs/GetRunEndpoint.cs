using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Runs;

public static class GetRunEndpoint
{
    /// <summary>runs/get?run_id=…(&amp;run_uuid=…): info, latest metric values, params and tags.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, IQuerySession query, CancellationToken ct)
    {
        var given = MlflowOrigin.Query(http, "run_id") ?? MlflowOrigin.Query(http, "run_uuid");
        if (MlflowBatchReader.RunIdOf(given, MlflowOrigin.Query(http, "run_uuid")) is not { } runId)
        {
            return MlflowResults.Invalid(MlflowBatchReader.MissingRunId(given));
        }

        return await query.LoadAsync<MlflowRunDetails>(runId, ct) is { } run
            ? MlflowResults.Ok(new GetRunResponse(run.ToMlflow()))
            : MlflowResults.NotFound($"Run with id={MlflowIds.RunId(runId)} not found");
    }
}
