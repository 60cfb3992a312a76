namespace Tracker.Scaling.Fitting;

/// <summary>How the Jacobian-based covariance is formed.</summary>
public enum CovarianceKind
{
    /// <summary>Heteroscedasticity-robust sandwich (HC1). Default: Pass@1 noise in log L differs a lot between sizes.</summary>
    Robust,

    /// <summary>Classic σ²(JᵀJ)⁻¹ with one pooled residual variance.</summary>
    Classic,
}
