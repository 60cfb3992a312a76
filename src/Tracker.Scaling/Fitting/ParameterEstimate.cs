namespace Tracker.Scaling.Fitting;

/// <summary>A fitted parameter with its standard error and intervals (Jacobian-based, and bootstrap when run).</summary>
public sealed record ParameterEstimate(string Name, double Value, double StandardError, Interval Interval, Interval? BootstrapInterval);
