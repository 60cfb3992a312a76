namespace Tracker.Scaling.Reuse;

/// <summary>
/// One τ against τ = 1: mean final-window loss, the difference, its noise (standard error from the run-to-run spread,
/// or from a bootstrap of window points when there is a single run), and the verdicts.
/// </summary>
public sealed record TauComparison(
    double Tau,
    int Runs,
    double FinalLoss,
    double Difference,
    double NoiseStandardError,
    string NoiseSource,
    bool ExceedsNoise,
    bool Comparable,
    bool AboveWarnThreshold,
    OverfitFlag Overfit);
