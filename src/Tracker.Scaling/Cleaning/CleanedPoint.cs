namespace Tracker.Scaling.Cleaning;

/// <summary>A point used by the fit: one run's point, or the mean over <see cref="Runs"/> runs at (N, Step).</summary>
/// <param name="RunId">The run id, or the run ids joined by '+' when averaged.</param>
/// <param name="LStd">Across-run sample standard deviation of L (0 for a single run).</param>
public sealed record CleanedPoint(string RunId, double N, int Step, double X, double L, int Runs, double LStd, double? Tau, double? Reward);
