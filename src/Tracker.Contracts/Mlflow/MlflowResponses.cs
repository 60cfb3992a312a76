namespace Tracker.Contracts.Mlflow;

public sealed record GetExperimentResponse(MlflowExperiment Experiment);

public sealed record CreateExperimentResponse(string ExperimentId);

public sealed record SearchExperimentsResponse(IReadOnlyList<MlflowExperiment> Experiments, string? NextPageToken);

public sealed record GetRunResponse(MlflowRun Run);

public sealed record UpdateRunResponse(MlflowRunInfo RunInfo);

public sealed record SearchRunsResponse(IReadOnlyList<MlflowRun> Runs, string? NextPageToken);

public sealed record GetMetricHistoryResponse(IReadOnlyList<MlflowMetric> Metrics, string? NextPageToken);
