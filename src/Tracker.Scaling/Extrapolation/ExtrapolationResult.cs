using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Extrapolation;

/// <summary>Prediction of a held-out size. R² (linear L) and RMSE (log10) use only held-out points not used for compensation.</summary>
public sealed record ExtrapolationResult
{
    public required bool Succeeded { get; init; }

    public string? Reason { get; init; }

    public required double HeldOutN { get; init; }

    public FitResult? TrainingFit { get; init; }

    public EMethod EMethod { get; init; }

    public ParameterEstimate? K { get; init; }

    public ParameterEstimate? E { get; init; }

    public int CompensationPoints { get; init; }

    public IReadOnlyList<BandPoint> Band { get; init; } = [];

    public int HeldOutPoints { get; init; }

    public double? R2HeldOut { get; init; }

    public double? RmseLog10HeldOut { get; init; }

    /// <summary>R² (linear L) over every point of the held-out size, including those used for compensation (the paper's r2_72B).</summary>
    public double? R2AllPoints { get; init; }

    /// <summary>Fraction of held-out observations inside their band.</summary>
    public double? BandCoverage { get; init; }
}
