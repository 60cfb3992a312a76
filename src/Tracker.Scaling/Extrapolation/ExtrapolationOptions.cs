using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Extrapolation;

/// <summary>How an unseen size is predicted.</summary>
public sealed record ExtrapolationOptions
{
    /// <summary>Fit of the smaller sizes (its Cleaning.Sizes is replaced by the sizes below the held-out one).</summary>
    public FitOptions Fit { get; init; } = FitOptions.Default with { BootstrapResamples = 0 };

    /// <summary>
    /// "E0 compensation": the first this-many steps of the held-out size fit its E(N) alone (k from the curve); null = all
    /// its points (the paper's protocol, whose R² on 72B is 0.81–0.88). 0 = none:
    /// E(N) is extrapolated linearly in log10 N from the two largest trained sizes (the paper's initial value), or from
    /// Emax·N/(N + N1) when the model is ParametricE.
    /// </summary>
    public int? CompensationSteps { get; init; }

    public double Confidence { get; init; } = 0.95;

    /// <summary>X values to predict at when the held-out size has no points.</summary>
    public IReadOnlyList<double>? XGrid { get; init; }
}
