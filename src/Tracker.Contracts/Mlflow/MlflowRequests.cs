namespace Tracker.Contracts.Mlflow;

// Request bodies of the MLflow calls Tracker serves. Every field is optional on the wire; each call checks what it needs
// and answers INVALID_PARAMETER_VALUE naming the field.

public sealed record MlflowKeyValueInput(string? Key, string? Value);

public sealed record MlflowMetricInput(string? Key, double? Value, long? Timestamp, long? Step);

public sealed record CreateExperimentRequest(string? Name, string? ArtifactLocation = null, IReadOnlyList<MlflowKeyValueInput>? Tags = null);

public sealed record SearchExperimentsRequest(long? MaxResults = null, string? PageToken = null, string? Filter = null, IReadOnlyList<string>? OrderBy = null, string? ViewType = null);

public sealed record CreateRunRequest(string? ExperimentId, string? UserId = null, string? RunName = null, long? StartTime = null, IReadOnlyList<MlflowKeyValueInput>? Tags = null);

public sealed record UpdateRunRequest(string? RunId, string? RunUuid = null, string? Status = null, long? EndTime = null, string? RunName = null);

public sealed record LogBatchRequest(
    string? RunId,
    IReadOnlyList<MlflowMetricInput>? Metrics = null,
    IReadOnlyList<MlflowKeyValueInput>? Params = null,
    IReadOnlyList<MlflowKeyValueInput>? Tags = null);

public sealed record LogMetricRequest(string? RunId, string? RunUuid, string? Key, double? Value, long? Timestamp, long? Step = null);

public sealed record LogParamRequest(string? RunId, string? RunUuid, string? Key, string? Value);

public sealed record SetTagRequest(string? RunId, string? RunUuid, string? Key, string? Value);

public sealed record SearchRunsRequest(
    IReadOnlyList<string>? ExperimentIds = null,
    string? Filter = null,
    string? RunViewType = null,
    int? MaxResults = null,
    IReadOnlyList<string>? OrderBy = null,
    string? PageToken = null);
