namespace Tracker.Contracts.Mlflow;

// MLflow REST entities (mlflow/protos/service.proto) as Tracker serves them. On the wire they are snake_case:
// ExperimentId is "experiment_id". Times are Unix milliseconds; run ids are 32 lowercase hex digits.

public sealed record MlflowKeyValue(string Key, string Value);

/// <summary>A metric value; NaN and ±Infinity travel as the strings "NaN", "Infinity", "-Infinity".</summary>
public sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

public sealed record MlflowExperiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long LastUpdateTime,
    long CreationTime,
    IReadOnlyList<MlflowKeyValue> Tags);

/// <summary>Run info; <see cref="RunUuid"/> repeats <see cref="RunId"/> (deprecated in MLflow, still read by old clients).</summary>
public sealed record MlflowRunInfo(
    string RunId,
    string RunUuid,
    string RunName,
    string ExperimentId,
    string? UserId,
    string Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

/// <summary>Latest value of each metric, the parameters and the tags.</summary>
public sealed record MlflowRunData(IReadOnlyList<MlflowMetric> Metrics, IReadOnlyList<MlflowKeyValue> Params, IReadOnlyList<MlflowKeyValue> Tags);

public sealed record MlflowRun(MlflowRunInfo Info, MlflowRunData Data);

/// <summary>The error body of every MLflow call: <c>{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "…"}</c>.</summary>
public sealed record MlflowError(string ErrorCode, string Message);
