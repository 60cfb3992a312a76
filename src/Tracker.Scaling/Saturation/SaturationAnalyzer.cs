using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Saturation;

/// <summary>Where k(N) = Kmax·N/(N + N0) saturates, and whether the saturating form is preferred over free k (AIC).</summary>
public static class SaturationAnalyzer
{
    public static IReadOnlyList<double> DefaultLevels { get; } = [0.5, 0.8, 0.9];

    /// <summary>Fits both the saturating and the free-k models on the same cleaned points.</summary>
    public static SaturationReport Analyze(IEnumerable<ScalingPoint> points, FitOptions? options = null, IReadOnlyList<double>? levels = null)
    {
        options ??= FitOptions.Default;
        var data = Cleaning.PointCleaner.Clean(points, options.Cleaning);
        var sat = ScalingFitter.Fit(data, options with { Model = FitModel.SaturatingK });
        var free = ScalingFitter.Fit(data, options with { Model = FitModel.FreeK, BootstrapResamples = 0 });
        return Analyze(sat, free, levels);
    }

    public static SaturationReport Analyze(FitResult saturating, FitResult? freeK, IReadOnlyList<double>? levels = null)
    {
        ArgumentNullException.ThrowIfNull(saturating);
        if (!saturating.Succeeded || saturating.Model != FitModel.SaturatingK)
        {
            return new SaturationReport
            {
                Succeeded = false,
                Reason = saturating.Succeeded ? "the first fit must be the saturating model" : $"the saturating fit failed: {saturating.Reason}",
                Saturating = saturating,
                FreeK = freeK,
            };
        }

        var kmax = saturating.Parameter("Kmax")!;
        var n0 = saturating.Parameter("N0")!;
        var lv = (levels ?? DefaultLevels).Select(p => new SaturationLevel(p, SizeAt(n0.Value, p),
            new Interval(SizeAt(n0.Interval.Lower, p), SizeAt(n0.Interval.Upper, p)),
            n0.BootstrapInterval is { } b ? new Interval(SizeAt(b.Lower, p), SizeAt(b.Upper, p)) : null)).ToArray();

        var sizes = saturating.Sizes.Select(s =>
        {
            var f = freeK is { Succeeded: true } ? freeK.Size(s.N) : null;
            double k = s.K.Value;
            return new SizeSaturation(s.N, k, k / kmax.Value, Math.Log(10) * k * n0.Value / (s.N + n0.Value), f?.K.Value, f?.K.StandardError);
        }).ToArray();

        double? aicSat = saturating.Quality?.Aic;
        double? aicFree = freeK is { Succeeded: true } && SameData(saturating, freeK) ? freeK.Quality?.Aic : null;
        double? delta = aicFree - aicSat;
        string preferred = delta switch
        {
            null => "unknown",
            > 2 => "saturating",
            < -2 => "free-k",
            _ => "indistinguishable",
        };

        return new SaturationReport
        {
            Succeeded = true,
            Kmax = kmax,
            N0 = n0,
            Levels = lv,
            Sizes = sizes,
            AicSaturating = aicSat,
            AicFreeK = aicFree,
            DeltaAic = delta,
            Preferred = preferred,
            Saturating = saturating,
            FreeK = freeK,
        };
    }

    /// <summary>N at which k = p·Kmax.</summary>
    public static double SizeAt(double n0, double p) => n0 * p / (1 - p);

    private static bool SameData(FitResult a, FitResult b) =>
        a.Objective == b.Objective && a.Quality?.Points == b.Quality?.Points && a.Sizes.Count == b.Sizes.Count;
}
