namespace Tracker.Scaling.Forecasting;

/// <summary>Forecast of one run: the rest of its curve and its final loss; errors are filled once the run has finished.</summary>
public sealed record RunForecast
{
    public required string RunId { get; init; }

    public required bool Succeeded { get; init; }

    public string? Reason { get; init; }

    public double N { get; init; }

    public int CutStep { get; init; }

    public int FitPoints { get; init; }

    public double K { get; init; }

    public double E { get; init; }

    /// <summary>True when k came from a joint law and only E was fitted on this run.</summary>
    public bool KFromLaw { get; init; }

    public int FinalStep { get; init; }

    public double PredictedFinalL { get; init; } = double.NaN;

    public Interval FinalInterval { get; init; }

    public IReadOnlyList<ForecastPoint> Rest { get; init; } = [];

    public bool Finished { get; init; }

    public double? ActualFinalL { get; init; }

    /// <summary>Predicted minus actual final loss.</summary>
    public double? FinalError { get; init; }

    public double? RelativeFinalError { get; init; }

    public bool? FinalWithinInterval { get; init; }

    /// <summary>R² (linear L) over the observed points after the cut.</summary>
    public double? R2Rest { get; init; }
}
