using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>Options of a joint fit. Defaults: saturating k(N), log objective, robust covariance, 200 bootstrap resamples.</summary>
public sealed record FitOptions
{
    public FitModel Model { get; init; } = FitModel.SaturatingK;

    public FitObjective Objective { get; init; } = FitObjective.LogLeastSquares;

    public CleaningOptions Cleaning { get; init; } = CleaningOptions.Default;

    public CovarianceKind Covariance { get; init; } = CovarianceKind.Robust;

    /// <summary>Coverage of the reported intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Bootstrap resamples over runs (over points when every size has one run); 0 turns the bootstrap off.</summary>
    public int BootstrapResamples { get; init; } = 200;

    public int BootstrapSeed { get; init; } = 20250929;

    /// <summary>Search range of log10 N0 (and log10 N1); default from log10(min N) − 2 to log10(max N) + 2.</summary>
    public double? Log10N0Min { get; init; }

    public double? Log10N0Max { get; init; }

    /// <summary>Coarse grid size of the deterministic search before refinement.</summary>
    public int GridPoints { get; init; } = 121;

    public static FitOptions Default { get; } = new();
}
