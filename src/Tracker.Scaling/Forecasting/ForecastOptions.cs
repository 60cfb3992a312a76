using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Forecasting;

/// <summary>How a running job is forecast from its first steps.</summary>
public sealed record ForecastOptions
{
    /// <summary>Fraction of the planned steps used for the fit (steps ≤ floor(Fraction·TotalSteps)).</summary>
    public double Fraction { get; init; } = 0.25;

    /// <summary>Planned steps of the run; null = the largest step observed (a finished run).</summary>
    public int? TotalSteps { get; init; }

    /// <summary>Cleaning of the run's own points (runs are never averaged here).</summary>
    public CleaningOptions Cleaning { get; init; } = new() { AverageRuns = false };

    public double Confidence { get; init; } = 0.95;

    /// <summary>Optional joint fit of other runs: when given, k(N) comes from it and only E is fitted on the run.</summary>
    public FitResult? Law { get; init; }

    public int MinPoints { get; init; } = 5;
}
