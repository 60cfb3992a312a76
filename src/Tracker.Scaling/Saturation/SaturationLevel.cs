namespace Tracker.Scaling.Saturation;

/// <summary>The size at which k reaches a fraction p of Kmax: N = N0·p/(1 − p), with the interval carried over from N0.</summary>
public sealed record SaturationLevel(double Fraction, double N, Interval Interval, Interval? BootstrapInterval);
