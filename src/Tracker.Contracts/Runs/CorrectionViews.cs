namespace Tracker.Contracts.Runs;

// Bodies and answers of POST /api/v1/runs/{runId}/corrections/…. Every field is optional on the wire so that a missing
// one is reported by name with the others (400), not as a generic deserialisation failure.

public sealed record InvalidateEvaluationRequest(long? Step = null, string? Dataset = null, string? Reason = null);

public sealed record CorrectionReasonRequest(string? Reason = null);

public sealed record CorrectModelSizeRequest(double? Parameters = null, string? Reason = null);

/// <summary>The answer to a correction: <see cref="Recorded"/> is false when its state already held (nothing was
/// written, as for a repeated request); <see cref="Run"/> is the run's effective summary after it.</summary>
public sealed record CorrectionResult(Guid RunId, string Correction, bool Recorded, RunSummaryView Run);

/// <summary>A correction as the run summary lists it: kind (<c>evaluation-invalidated</c>, <c>excluded-from-fits</c>,
/// <c>reincluded</c>, <c>model-size-corrected</c>), what it touched, why, who and when.</summary>
public sealed record CorrectionView(
    string Kind,
    string Reason,
    string? By,
    DateTimeOffset At,
    long? Step = null,
    string? Dataset = null,
    double? From = null,
    double? To = null);
