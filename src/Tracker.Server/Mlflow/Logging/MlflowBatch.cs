using Tracker.Domain.Runs;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>One MLflow logging request (log-batch, log-metric, log-parameter or set-tag), checked and normalised.</summary>
public sealed record MlflowBatch(
    Guid RunId,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<MetricPoint> Metrics);
