using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>runs/log-batch, log-metric, log-parameter and set-tag: each one request, one atomic append.</summary>
public static class LogEndpoints
{
    public static async Task<IResult> LogBatchAsync(HttpContext http, IQuerySession query, MlflowLogging logging, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogBatchRequest>(http.Request, MlflowBatchLimits.MaxBatchBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (batch, error) = MlflowBatchReader.Read(body.Value!);
        return error is not null ? MlflowResults.Invalid(error) : await WriteAsync(batch!, http, query, logging, ct);
    }

    public static async Task<IResult> LogMetricAsync(HttpContext http, IQuerySession query, MlflowLogging logging, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogMetricRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        if (MlflowBatchReader.RunIdOf(request.RunId, request.RunUuid) is not { } runId)
        {
            return MlflowResults.Invalid(MlflowBatchReader.MissingRunId(request.RunId ?? request.RunUuid));
        }

        if (request.Timestamp is null)
        {
            return MlflowResults.Invalid("Missing value for required parameter 'timestamp'. See the API docs for more information about request parameters.");
        }

        var (point, error) = MlflowBatchReader.Metric(new MlflowMetricInput(request.Key, request.Value, request.Timestamp, request.Step), "metric");
        return error is not null ? MlflowResults.Invalid(error) : await WriteAsync(new MlflowBatch(runId, [], [], [point!]), http, query, logging, ct);
    }

    public static async Task<IResult> LogParamAsync(HttpContext http, IQuerySession query, MlflowLogging logging, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogParamRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var (batch, error) = MlflowBatchReader.Read(new LogBatchRequest(request.RunId ?? request.RunUuid, Params: [new MlflowKeyValueInput(request.Key, request.Value)]));
        return error is not null ? MlflowResults.Invalid(error) : await WriteAsync(batch!, http, query, logging, ct);
    }

    public static async Task<IResult> SetTagAsync(HttpContext http, IQuerySession query, MlflowLogging logging, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SetTagRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var (batch, error) = MlflowBatchReader.Read(new LogBatchRequest(request.RunId ?? request.RunUuid, Tags: [new MlflowKeyValueInput(request.Key, request.Value)]));
        return error is not null ? MlflowResults.Invalid(error) : await WriteAsync(batch!, http, query, logging, ct);
    }

    private static async Task<IResult> WriteAsync(MlflowBatch batch, HttpContext http, IQuerySession query, MlflowLogging logging, CancellationToken ct) =>
        await logging.LogAsync(batch, MlflowOrigin.Of(http), query, ct) ?? MlflowResults.Empty200();
}
