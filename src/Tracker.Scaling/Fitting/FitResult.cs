using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>
/// Outcome of a joint fit. When <see cref="Succeeded"/> is false, <see cref="Reason"/> says why and no parameters are given.
/// </summary>
public sealed record FitResult
{
    public required bool Succeeded { get; init; }

    public string? Reason { get; init; }

    public required FitModel Model { get; init; }

    public required FitObjective Objective { get; init; }

    public CovarianceKind CovarianceKind { get; init; }

    /// <summary>Global parameters: Kmax, N0, log10N0 (and Emax, N1, log10N1 for ParametricE). Empty for FreeK.</summary>
    public IReadOnlyList<ParameterEstimate> Parameters { get; init; } = [];

    /// <summary>k(N), E(N) per trained size, ascending N.</summary>
    public IReadOnlyList<SizeEstimate> Sizes { get; init; } = [];

    public FitQuality? Quality { get; init; }

    public ParameterCovariance? Covariance { get; init; }

    public BootstrapSummary? Bootstrap { get; init; }

    /// <summary>Residual variance of log10 L (SSE in log space over n − p).</summary>
    public double ResidualVarianceLog10 { get; init; } = double.NaN;

    public int DegreesOfFreedom { get; init; }

    /// <summary>The cleaned data: the points used and every excluded point with its reason.</summary>
    public required CleanedData Data { get; init; }

    public IReadOnlyList<ExcludedPoint> Excluded => Data.Excluded;

    public int PointsUsed => Succeeded ? Data.Count : 0;

    internal ModelSolution? Solution { get; init; }

    public ParameterEstimate? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    public SizeEstimate? Size(double n) => Sizes.FirstOrDefault(s => Math.Abs(s.N - n) <= 1);

    /// <summary>k(N) for any N from the saturating form; null for FreeK or a failed fit.</summary>
    public double? K(double n) =>
        Succeeded && Model != FitModel.FreeK ? SizeLaw.SaturatingK(Parameter("Kmax")!.Value, Parameter("N0")!.Value, n) : null;

    /// <summary>Predicted L at (N, X) for a trained size (any N for ParametricE); null when not available.</summary>
    public double? PredictLoss(double n, double x)
    {
        if (!Succeeded)
        {
            return null;
        }

        if (Model == FitModel.ParametricE)
        {
            double e = Parameter("Emax")!.Value * n / (n + Parameter("N1")!.Value);
            return new SizeLaw(n, K(n)!.Value, e).PredictLoss(x);
        }

        return Size(n)?.Law.PredictLoss(x);
    }

    internal static FitResult Failed(FitOptions o, CleanedData data, string reason) => new()
    {
        Succeeded = false,
        Reason = reason,
        Model = o.Model,
        Objective = o.Objective,
        CovarianceKind = o.Covariance,
        Data = data,
    };
}
