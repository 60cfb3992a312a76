using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Reuse;

/// <summary>Thresholds of the data-reuse analysis; defaults follow the paper's reading (science.md §5).</summary>
public sealed record ReuseOptions
{
    /// <summary>Cleaning of the sweep; runs are always kept apart so their spread can be measured. Paper plots use steps 10–100.</summary>
    public CleaningOptions Cleaning { get; init; } = new() { AverageRuns = false };

    /// <summary>The final window is the last this-many steps of each τ curve.</summary>
    public int FinalWindowSteps { get; init; } = 10;

    /// <summary>τ above this is reported with a warning (paper: stable up to τ = 25).</summary>
    public double WarnAboveTau { get; init; } = 25;

    /// <summary>A difference from τ = 1 smaller than this is comparable even when it exceeds noise (paper: τ ≤ 25 within about ±0.02).</summary>
    public double Tolerance { get; init; } = 0.02;

    public double Confidence { get; init; } = 0.95;

    /// <summary>Bootstrap resamples of the window points, used when a τ has a single run.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    public int Seed { get; init; } = 20250929;

    /// <summary>First step of the overfitting window; null = the second half of each curve.</summary>
    public int? OverfitWindowStart { get; init; }

    /// <summary>One-sided significance level of the upward loss trend.</summary>
    public double OverfitAlpha { get; init; } = 0.05;
}
