namespace Tracker.Scaling.Fitting;

/// <summary>
/// Goodness of fit. R² is on linear L over all used points, unweighted (as the paper). AIC/BIC use the minimized
/// objective: n·ln(SSE/n) + 2p and n·ln(SSE/n) + p·ln n; compare them only between fits of the same data and objective.
/// </summary>
public sealed record FitQuality(int Points, int Parameters, double R2Linear, double RmseLog10, double Objective, double Aic, double Bic);
