namespace Tracker.Scaling.Fitting;

/// <summary>Search settings shared by the solvers: range of log10 N0 / log10 N1 and grid size.</summary>
internal sealed record SolveContext(double Lo, double Hi, int Grid)
{
    public static SolveContext For(FitData d, FitOptions o)
    {
        double lo = o.Log10N0Min ?? (Math.Log10(d.Sizes[0]) - 2);
        double hi = o.Log10N0Max ?? (Math.Log10(d.Sizes[^1]) + 2);
        return new SolveContext(lo, hi, Math.Max(o.GridPoints, 11));
    }

    /// <summary>a = N/(N + 10^l), computed without overflow.</summary>
    public static double Fraction(double log10N, double l) => 1 / (1 + Math.Pow(10, l - log10N));

    public string BoundMessage(string name, double value) =>
        $"{name} ran to the edge of its search range [10^{Lo:F2}, 10^{Hi:F2}] (at 10^{value:F2}): the data show no saturation " +
        "that pins it down; compare with the free-k model or widen the range";
}
