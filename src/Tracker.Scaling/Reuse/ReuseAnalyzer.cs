using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Reuse;

/// <summary>Compares each τ of a reuse sweep (one N, same total samples) with τ = 1 and flags overfitting.</summary>
public static class ReuseAnalyzer
{
    public static ReuseReport Analyze(IEnumerable<ScalingPoint> points, ReuseOptions? options = null)
    {
        options ??= new ReuseOptions();
        var data = PointCleaner.Clean(points, options.Cleaning with { AverageRuns = false });
        var pts = data.Points;
        ReuseReport Fail(string why) => new() { Succeeded = false, Reason = why, Excluded = data.Excluded };

        if (pts.Count == 0)
        {
            return Fail("no usable points");
        }

        if (pts.Select(p => p.N).Distinct().Skip(1).Any())
        {
            return Fail("a reuse sweep compares τ at one model size; the points have several sizes");
        }

        var warnings = new List<string>();
        int noTau = pts.Count(p => p.Tau is null);
        if (noTau > 0)
        {
            warnings.Add($"{noTau} points have no τ and were ignored");
        }

        var byTau = pts.Where(p => p.Tau is not null).GroupBy(p => p.Tau!.Value).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.ToArray());
        if (!byTau.TryGetValue(1, out var reference))
        {
            return Fail("the sweep has no τ = 1 reference curve");
        }

        var lastSteps = byTau.Values.Select(v => v.Max(p => p.Step)).Distinct().ToArray();
        if (lastSteps.Length > 1)
        {
            warnings.Add($"the τ curves end at different steps ({string.Join(", ", lastSteps.Order())}); total samples may differ");
        }

        var rng = new MersenneTwister(options.Seed, threadSafe: false);
        var refWindow = Window(reference, options);
        var rows = new List<TauComparison>();
        foreach (var (tau, curve) in byTau)
        {
            var window = Window(curve, options);
            var (diff, se, source, dof) = Difference(window, refWindow, options, rng);
            double crit = StudentT.InvCDF(0, 1, Math.Max(dof, 1), 0.5 + (options.Confidence / 2));
            bool exceeds = tau != 1 && Math.Abs(diff) > crit * se;
            bool comparable = tau == 1 || diff <= Math.Max(crit * se, options.Tolerance);
            bool warn = tau > options.WarnAboveTau;
            var overfit = Overfit(curve, options);
            if (warn)
            {
                warnings.Add($"τ = {tau:G} is above the reuse threshold {options.WarnAboveTau:G}");
            }

            rows.Add(new TauComparison(tau, window.Length, window.Average(w => w.Mean), diff, se, source, exceeds, comparable, warn, overfit));
        }

        double? largest = null;
        foreach (var r in rows)
        {
            if (!r.Comparable)
            {
                break;
            }

            largest = r.Tau;
        }

        return new ReuseReport { Succeeded = true, N = pts[0].N, Taus = rows, LargestComparableTau = largest, Warnings = warnings, Excluded = data.Excluded };
    }

    /// <summary>Per-run mean loss over the last FinalWindowSteps steps of the curve, with the window points.</summary>
    private static (double Mean, double[] Values)[] Window(CleanedPoint[] curve, ReuseOptions o)
    {
        int last = curve.Max(p => p.Step);
        return [.. curve.Where(p => p.Step > last - o.FinalWindowSteps)
            .GroupBy(p => p.RunId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Average(p => p.L), g.OrderBy(p => p.Step).Select(p => p.L).ToArray()))];
    }

    private static (double Diff, double Se, string Source, int Dof) Difference(
        (double Mean, double[] Values)[] a, (double Mean, double[] Values)[] b, ReuseOptions o, MersenneTwister rng)
    {
        double ma = a.Average(r => r.Mean), mb = b.Average(r => r.Mean);
        if (a.Length >= 2 && b.Length >= 2)
        {
            double va = a.Sum(r => Math.Pow(r.Mean - ma, 2)) / (a.Length - 1), vb = b.Sum(r => Math.Pow(r.Mean - mb, 2)) / (b.Length - 1);
            return (ma - mb, Math.Sqrt((va / a.Length) + (vb / b.Length)), "run-to-run spread", a.Length + b.Length - 2);
        }

        // A single run somewhere: bootstrap the window points of each side.
        var pa = a.SelectMany(r => r.Values).ToArray();
        var pb = b.SelectMany(r => r.Values).ToArray();
        var diffs = new double[Math.Max(o.BootstrapResamples, 2)];
        for (int i = 0; i < diffs.Length; i++)
        {
            diffs[i] = Resample(pa, rng) - Resample(pb, rng);
        }

        double md = diffs.Average();
        double sd = Math.Sqrt(diffs.Sum(d => (d - md) * (d - md)) / (diffs.Length - 1));
        return (ma - mb, sd, "bootstrap of window points", int.MaxValue / 2);
    }

    private static double Resample(double[] v, MersenneTwister rng)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[rng.Next(v.Length)];
        }

        return s / v.Length;
    }

    private static OverfitFlag Overfit(CleanedPoint[] curve, ReuseOptions o)
    {
        int last = curve.Max(p => p.Step), first = curve.Min(p => p.Step);
        int start = o.OverfitWindowStart ?? (first + ((last - first) / 2));
        // Mean over runs per step, so repeated runs do not count as independent trend points.
        var perStep = curve.Where(p => p.Step >= start).GroupBy(p => p.Step).OrderBy(g => g.Key).ToArray();
        var (slope, t, dof) = TrendTest.Slope([.. perStep.Select(g => (g.Key, g.Average(p => p.L)))]);
        if (dof < 1)
        {
            return new OverfitFlag(false, start, last, double.NaN, double.NaN, null, "too few steps in the window to test a trend");
        }

        double crit = StudentT.InvCDF(0, 1, dof, 1 - o.OverfitAlpha);
        bool rising = t > crit;
        bool hasReward = curve.All(p => p.Reward is not null);
        double? rewardSlope = hasReward ? TrendTest.Slope([.. perStep.Select(g => (g.Key, g.Average(p => p.Reward!.Value)))]).Slope : null;
        bool flagged = rising && (rewardSlope is null || rewardSlope > 0);
        string reason = (rising, rewardSlope) switch
        {
            (false, _) => $"held-out loss does not rise significantly over steps {start}–{last} (t = {t:F2} ≤ {crit:F2})",
            (true, null) => $"held-out loss rises significantly over steps {start}–{last} (t = {t:F2}); no training reward to compare",
            (true, > 0) => $"held-out loss rises (t = {t:F2}) while training reward rises over steps {start}–{last}",
            _ => $"held-out loss rises (t = {t:F2}) but training reward does not, so this is not the overfitting signature",
        };
        return new OverfitFlag(flagged, start, last, slope, t, rewardSlope, reason);
    }
}
