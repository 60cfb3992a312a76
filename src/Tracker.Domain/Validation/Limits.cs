namespace Tracker.Domain.Validation;

/// <summary>Input limits shared by every entry point (native API, MLflow API, bus).</summary>
public static class Limits
{
    public const int MaxStepsPerRequest = 10_000;
    public const int MaxEvaluationsPerRequest = 10_000;
    public const int MaxMetricsPerStep = 1_000;
    public const int MaxNameLength = 250;
    public const int MaxTagCount = 100;
    public const int MaxTagValueLength = 5_000;
    public const long MaxStep = 1L << 40;
}
