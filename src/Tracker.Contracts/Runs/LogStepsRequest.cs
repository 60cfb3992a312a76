namespace Tracker.Contracts.Runs;

/// <summary>Body of <c>POST /api/v1/runs/{runId}/steps</c>.</summary>
public sealed record LogStepsRequest(IReadOnlyList<StepData>? Steps);

/// <summary>Body of <c>POST /api/v1/runs/{runId}/evaluations</c>.</summary>
public sealed record RecordEvaluationsRequest(IReadOnlyList<EvaluationData>? Evaluations);

/// <summary>Body of <c>POST /api/v1/runs/{runId}/finish</c>: status is completed, failed or killed.</summary>
public sealed record FinishRunRequest(string? Status, string? Reason = null);
