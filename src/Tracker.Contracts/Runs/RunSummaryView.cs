namespace Tracker.Contracts.Runs;

/// <summary>The run summary served by <c>GET /api/v1/runs/{runId}</c>: the effective state, corrections applied
/// (<see cref="Corrections"/> lists them; <see cref="Model"/> holds the corrected N).</summary>
public sealed record RunSummaryView(
    Guid RunId,
    string Study,
    string Name,
    ModelSpec Model,
    TrainingSpec Training,
    IReadOnlyDictionary<string, string> Tags,
    string Status,
    string? StatusReason,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? FinishedAt,
    long StepCount,
    long? LastStep,
    double? LastReward,
    double? LastLoss,
    double SamplesConsumed,
    double TokensConsumed,
    double Compute,
    double? Tau,
    IReadOnlyDictionary<string, EvaluationData> LastEvaluations,
    IReadOnlyList<string> Warnings,
    bool ExcludedFromFits = false,
    IReadOnlyList<CorrectionView>? Corrections = null);
