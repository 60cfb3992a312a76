namespace Tracker.Scaling.Saturation;

/// <summary>
/// k at a trained size from the saturating fit, its share of Kmax, the marginal gain dk/dlog10 N = ln10·k·N0/(N + N0),
/// and the free-k estimate of the same size for comparison.
/// </summary>
public sealed record SizeSaturation(double N, double K, double KOverKmax, double DkDLog10N, double? FreeK, double? FreeKStandardError);
