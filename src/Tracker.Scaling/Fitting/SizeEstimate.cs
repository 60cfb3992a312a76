namespace Tracker.Scaling.Fitting;

/// <summary>Per-size slope k(N) and intercept E(N) with uncertainty, and how well that size's curve is fitted.</summary>
public sealed record SizeEstimate(
    double N,
    ParameterEstimate K,
    ParameterEstimate E,
    int Points,
    double XMin,
    double XMax,
    double R2Linear,
    double RmseLog10)
{
    public SizeLaw Law => new(N, K.Value, E.Value);
}
