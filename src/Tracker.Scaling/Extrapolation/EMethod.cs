namespace Tracker.Scaling.Extrapolation;

/// <summary>Where E(N) of the new size comes from.</summary>
public enum EMethod
{
    /// <summary>Fitted on the new size's first points with k(N) fixed from the curve.</summary>
    Compensated,

    /// <summary>Linear in log10 N through the two largest trained sizes.</summary>
    LinearInLog10N,

    /// <summary>Emax·N/(N + N1).</summary>
    Parametric,
}
