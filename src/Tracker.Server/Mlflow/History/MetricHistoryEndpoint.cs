using System.Globalization;
using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Runs;
using Tracker.Server.Mlflow.Search;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.History;

/// <summary>metrics/get-history?run_id=…&amp;metric_key=…&amp;max_results=…&amp;page_token=…: every logged value of one
/// metric, in pages (the Python client asks for 25,000 at a time and follows next_page_token).</summary>
public static class MetricHistoryEndpoint
{
    public const int DefaultMaxResults = 25_000;
    public const int MaxResults = 100_000;

    public static async Task<IResult> HandleAsync(HttpContext http, IQuerySession query, MetricHistoryReader history, CancellationToken ct)
    {
        var given = MlflowOrigin.Query(http, "run_id") ?? MlflowOrigin.Query(http, "run_uuid");
        if (MlflowBatchReader.RunIdOf(given, MlflowOrigin.Query(http, "run_uuid")) is not { } runId)
        {
            return MlflowResults.Invalid(MlflowBatchReader.MissingRunId(given));
        }

        var key = MlflowOrigin.Query(http, "metric_key");
        if (string.IsNullOrEmpty(key))
        {
            return MlflowResults.Invalid("Missing value for required parameter 'metric_key'. See the API docs for more information about request parameters.");
        }

        var maxText = MlflowOrigin.Query(http, "max_results");
        var max = DefaultMaxResults;
        if (maxText is not null && (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxResults))
        {
            return MlflowResults.Invalid($"Invalid value '{maxText}' for parameter 'max_results': between 1 and {MaxResults}");
        }

        var token = MlflowOrigin.Query(http, "page_token");
        if (!PageToken.TryRead(token, out var offset))
        {
            return MlflowResults.Invalid($"Invalid page token '{token}'");
        }

        if (!await query.Query<MlflowRunDetails>().AnyAsync(r => r.Id == runId, ct))
        {
            return MlflowResults.NotFound($"Run with id={MlflowIds.RunId(runId)} not found");
        }

        var (page, more) = await history.ReadAsync(runId, key, offset, max, ct);
        return MlflowResults.Ok(new GetMetricHistoryResponse(page, more ? PageToken.Next(offset, page.Count, int.MaxValue) : null));
    }
}
