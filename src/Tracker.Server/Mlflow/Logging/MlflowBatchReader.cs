using Tracker.Contracts.Mlflow;
using Tracker.Domain.Runs;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>Checks an MLflow logging request field by field, as MLflow's server does, and normalises it into a
/// <see cref="MlflowBatch"/>. The first problem is the answer: MLflow reports one at a time.</summary>
public static class MlflowBatchReader
{
    public static (MlflowBatch? Batch, string? Error) Read(LogBatchRequest request)
    {
        if (RunIdOf(request.RunId, null) is not { } runId)
        {
            return (null, MissingRunId(request.RunId));
        }

        var metrics = request.Metrics ?? [];
        var parameters = request.Params ?? [];
        var tags = request.Tags ?? [];
        if (metrics.Count > MlflowBatchLimits.MaxMetrics)
        {
            return (null, TooMany("metrics", MlflowBatchLimits.MaxMetrics, metrics.Count));
        }

        if (parameters.Count > MlflowBatchLimits.MaxParams)
        {
            return (null, TooMany("params", MlflowBatchLimits.MaxParams, parameters.Count));
        }

        if (tags.Count > MlflowBatchLimits.MaxTags)
        {
            return (null, TooMany("tags", MlflowBatchLimits.MaxTags, tags.Count));
        }

        if (metrics.Count + parameters.Count + tags.Count > MlflowBatchLimits.MaxEntities)
        {
            return (null, $"A batch logging request can contain at most {MlflowBatchLimits.MaxEntities} metrics, params, and tags in total. "
                + $"Got {metrics.Count + parameters.Count + tags.Count}. Please split up the data across multiple requests and try again.");
        }

        var points = new List<MetricPoint>(metrics.Count);
        for (var i = 0; i < metrics.Count; i++)
        {
            var (point, error) = Metric(metrics[i], $"metrics[{i}]");
            if (error is not null)
            {
                return (null, error);
            }

            points.Add(point!);
        }

        var (paramPairs, paramError) = Pairs(parameters, "params", MlflowBatchLimits.MaxParamValueLength);
        if (paramError is not null)
        {
            return (null, paramError);
        }

        var duplicates = paramPairs.GroupBy(p => p.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToList();
        if (duplicates.Count > 0)
        {
            return (null, $"Duplicate parameter keys have been submitted: [{string.Join(", ", duplicates)}]. Please ensure the request contains only one param value per param key.");
        }

        var (tagPairs, tagError) = Pairs(tags, "tags", MlflowBatchLimits.MaxTagValueLength);
        return tagError is not null ? (null, tagError) : (new MlflowBatch(runId, paramPairs, tagPairs, points), null);
    }

    public static Guid? RunIdOf(string? runId, string? runUuid) =>
        MlflowIds.TryParseRunId(runId, out var id) || MlflowIds.TryParseRunId(runUuid, out id) ? id : null;

    public static string MissingRunId(string? given) =>
        string.IsNullOrEmpty(given)
            ? "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters."
            : $"Invalid value '{Clip(given)}' for parameter 'run_id': a run id is 32 hexadecimal digits";

    public static (MetricPoint? Point, string? Error) Metric(MlflowMetricInput? metric, string at)
    {
        if (metric is null)
        {
            return (null, $"'{at}' must be an object with key, value, timestamp and step");
        }

        if (KeyProblem(metric.Key, $"{at}.key") is { } keyError)
        {
            return (null, keyError);
        }

        if (metric.Value is not { } value)
        {
            return (null, $"Missing value for required parameter '{at}.value' (metric '{Clip(metric.Key!)}')");
        }

        if (metric.Timestamp is < 0)
        {
            return (null, $"Invalid value {metric.Timestamp} for parameter '{at}.timestamp' (metric '{Clip(metric.Key!)}'): must be a non-negative number of milliseconds");
        }

        return (MetricPoint.Of(metric.Key!, metric.Step ?? 0, metric.Timestamp ?? 0, value), null);
    }

    public static string? KeyProblem(string? key, string field) =>
        string.IsNullOrEmpty(key) ? $"Missing value for required parameter '{field}'"
        : key.Length > MlflowBatchLimits.MaxKeyLength ? $"'{field}' '{Clip(key)}' had length {key.Length}, which exceeded length limit of {MlflowBatchLimits.MaxKeyLength}"
        : key.Any(char.IsControl) ? $"Invalid value for parameter '{field}': names must not contain control characters"
        : null;

    private static (List<KeyValuePair<string, string>> Pairs, string? Error) Pairs(IReadOnlyList<MlflowKeyValueInput?> items, string field, int maxValueLength)
    {
        var pairs = new List<KeyValuePair<string, string>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                return (pairs, $"'{field}[{i}]' must be an object with key and value");
            }

            if (KeyProblem(item.Key, $"{field}[{i}].key") is { } error)
            {
                return (pairs, error);
            }

            var value = item.Value ?? "";
            pairs.Add(new(item.Key!, value.Length > maxValueLength ? value[..maxValueLength] : value));
        }

        return (pairs, null);
    }

    private static string TooMany(string what, int max, int got) =>
        $"A batch logging request can contain at most {max} {what}. Got {got} {what}. Please split up {what} across multiple requests and try again.";

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
