using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Crossover;

/// <summary>Crossover of two fitted size curves (science.md §6).</summary>
public static class CrossoverCalculator
{
    public static CrossoverPoint Between(SizeLaw a, SizeLaw b) => Between(a, b, null, null);

    /// <summary>With each size's data range, so the result says whether the crossover lies where both sizes have data.</summary>
    public static CrossoverPoint Between(SizeEstimate a, SizeEstimate b) =>
        Between(a.Law, b.Law, new Interval(a.XMin, a.XMax), new Interval(b.XMin, b.XMax));

    public static CrossoverPoint Between(SizeLaw a, SizeLaw b, Interval? rangeA, Interval? rangeB)
    {
        var (s1, s2) = a.N <= b.N ? (a, b) : (b, a);
        double dk = s2.K - s1.K;
        if (!(Math.Abs(dk) > 1e-15))
        {
            return new CrossoverPoint(s1.N, s2.N, false, double.NaN, double.NaN, double.NaN, null, null, null,
                "equal slopes: the curves are parallel and never cross");
        }

        double lx = (s2.E - s1.E) / dk;
        double loss = Math.Pow(10, s1.E - (s1.K * lx));
        // Below X* the curve with the smaller slope is lower (its log L falls more slowly but starts lower).
        var (below, above) = s1.K < s2.K ? (s1.N, s2.N) : (s2.N, s1.N);
        bool? inside = rangeA is { } ra && rangeB is { } rb
            ? Math.Pow(10, lx) >= Math.Max(ra.Lower, rb.Lower) && Math.Pow(10, lx) <= Math.Min(ra.Upper, rb.Upper)
            : null;
        string? note = inside == false ? "the crossover lies outside the range where both sizes have data: it is an extrapolation" : null;
        return new CrossoverPoint(s1.N, s2.N, true, lx, Math.Pow(10, lx), loss, below, above, inside, note);
    }

    /// <summary>Crossovers of neighbouring trained sizes of a fit.</summary>
    public static IReadOnlyList<CrossoverPoint> AdjacentPairs(FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return [.. fit.Sizes.Zip(fit.Sizes.Skip(1), Between)];
    }
}
