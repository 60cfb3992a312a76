namespace Tracker.Scaling.Fitting;

/// <summary>What the fit minimizes.</summary>
public enum FitObjective
{
    /// <summary>Least squares on log10 L, every point equal weight (default; E(N) in closed form).</summary>
    LogLeastSquares,

    /// <summary>The paper's objective: least squares on L itself, each model size with equal total weight.</summary>
    LinearEqualWeightPerSize,
}
