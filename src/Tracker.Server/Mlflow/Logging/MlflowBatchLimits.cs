using Tracker.Domain.Validation;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>MLflow's server-side limits (mlflow/utils/validation.py, 2.x–3.x). Over-long parameter and tag values are
/// truncated, as MLflow does by default; everything else over a limit is rejected.</summary>
public static class MlflowBatchLimits
{
    public const int MaxMetrics = 1_000;
    public const int MaxParams = 100;
    public const int MaxTags = 100;
    public const int MaxEntities = 1_000;
    public const int MaxBatchBytes = 1_000_000;
    public const int MaxKeyLength = Limits.MaxNameLength;
    public const int MaxParamValueLength = 6_000;
    public const int MaxTagValueLength = Limits.MaxTagValueLength;
    public const int MaxExperimentNameLength = Limits.MaxNameLength;

    /// <summary>Bodies of the other MLflow calls.</summary>
    public const int MaxRequestBytes = 4 * 1024 * 1024;
}
