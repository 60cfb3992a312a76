namespace Tracker.Contracts.Studies;

// What the study endpoints and the dashboard show. Axis is "compute" (X = C, FLOPs) or "data" (X = D, prompts).

/// <summary>One evaluation of one run on the study's scaling axes: L = 1 − pass@1 at step, with cumulative C and D.</summary>
public sealed record ScalingPointView(double N, Guid RunId, string Run, long Step, double C, double D, double? Tau, double L, double? Reward);

public sealed record DatasetView(string Study, string LossDataset, IReadOnlyList<ScalingPointView> Points);

/// <summary>A fitted value with its standard error and 95% interval.</summary>
public sealed record EstimateView(double Value, double StandardError, double Low, double High);

public sealed record SizeFitView(double N, EstimateView K, EstimateView E, int Points, double XMin, double XMax, double R2);

/// <summary>The fitted law log10 L = −k(N)·log10 X + E(N), k(N) = Kmax/(1 + N0/N), or why it could not be fitted.</summary>
public sealed record FitView(
    string Study,
    string Axis,
    bool Succeeded,
    string? Reason,
    EstimateView? Kmax,
    EstimateView? N0,
    IReadOnlyList<SizeFitView> Sizes,
    double? R2,
    double? RmseLog10,
    int PointsUsed,
    int PointsExcluded,
    long HighWaterMark,
    DateTimeOffset ComputedAt,
    HoldoutView? Holdout = null);

/// <summary>A size left out of the fit and predicted from the others, with a 95% prediction band.</summary>
public sealed record HoldoutView(double N, double? R2, IReadOnlyList<PredictedPointView> Predicted, string? Reason);

public sealed record PredictedPointView(double X, double L, double Low, double High);

public sealed record SaturationLevelView(double Fraction, double N);

public sealed record SaturationView(
    string Axis,
    bool Succeeded,
    string? Reason,
    EstimateView? Kmax,
    EstimateView? N0,
    IReadOnlyList<SaturationLevelView> Levels,
    IReadOnlyList<SizeSaturationView> Sizes,
    double? DeltaAic,
    string Preferred);

public sealed record SizeSaturationView(double N, double K, double KOverKmax, double DkDLog10N, double? FreeK, double? FreeKStandardError);

public sealed record CrossoverView(string Axis, double A, double B, bool Exists, double? X, double? Loss, double? LowerLossBelow, double? LowerLossAbove, bool? InsideBothDataRanges, string? Note);

public sealed record PlanCandidateView(double N, double PredictedLoss, bool Covered, double XMin, double XMax);

public sealed record PlanView(string Axis, double Budget, PlanCandidateView? BestCovered, PlanCandidateView? BestOverall, bool IsExtrapolation, IReadOnlyList<PlanCandidateView> Candidates, string? Note);

public sealed record ForecastView(
    Guid RunId,
    string Run,
    string Axis,
    bool Succeeded,
    string? Reason,
    double N,
    long CutStep,
    long FinalStep,
    double? PredictedFinalL,
    double? Low,
    double? High,
    bool Finished,
    double? ActualFinalL,
    double? FinalError,
    IReadOnlyList<PredictedPointView> Rest);

public sealed record TauComparisonView(double Tau, double FinalLoss, double DifferenceFromTau1, double Noise, bool Comparable, bool Overfitting);

public sealed record ReuseView(bool Succeeded, string? Reason, double? N, IReadOnlyList<TauComparisonView> Taus, double? LargestComparableTau, double Threshold);

/// <summary>A warning raised from the data, with the evidence it was raised on; cleared warnings keep their history.</summary>
public sealed record WarningView(string Kind, Guid? RunId, string? Run, string Message, DateTimeOffset RaisedAt, DateTimeOffset? ClearedAt, IReadOnlyDictionary<string, double> Evidence);

/// <summary>Everything the study page needs in one call.</summary>
public sealed record StudyOverviewView(
    StudyDetailView Detail,
    DatasetView Dataset,
    FitView? ComputeFit,
    FitView? DataFit,
    IReadOnlyList<WarningView> Warnings);
