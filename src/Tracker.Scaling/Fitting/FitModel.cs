namespace Tracker.Scaling.Fitting;

/// <summary>Which form of k(N) and E(N) is fitted.</summary>
public enum FitModel
{
    /// <summary>k(N) = Kmax·N/(N + N0), E(N) free per size (the paper's loglinear_kn, 2 + G parameters).</summary>
    SaturatingK,

    /// <summary>k and E free per size (the paper's older loglinear, 2G parameters).</summary>
    FreeK,

    /// <summary>k(N) saturating and E(N) = Emax·N/(N + N1) (loglinear_kn_e0, 4 parameters).</summary>
    ParametricE,
}
