namespace Tracker.Scaling.Crossover;

/// <summary>
/// Where two sizes' predicted curves cross: log10 X* = (E2 − E1)/(k2 − k1), L* = 10^(E1 − k1·log10 X*).
/// Below X* the size with the smaller k has the lower loss; <see cref="LowerLossBelow"/> and <see cref="LowerLossAbove"/> name the sizes.
/// </summary>
public sealed record CrossoverPoint(
    double N1,
    double N2,
    bool Exists,
    double Log10X,
    double X,
    double Loss,
    double? LowerLossBelow,
    double? LowerLossAbove,
    bool? InsideBothDataRanges,
    string? Note);
