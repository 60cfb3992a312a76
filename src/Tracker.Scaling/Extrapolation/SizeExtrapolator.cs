using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Extrapolation;

/// <summary>Fits the sizes below a held-out N and predicts that size's curve (science.md §3, "72B extrapolation").</summary>
public static class SizeExtrapolator
{
    public static ExtrapolationResult Extrapolate(IEnumerable<ScalingPoint> points, double heldOutN, ExtrapolationOptions? options = null)
    {
        options ??= new ExtrapolationOptions();
        var input = points as IReadOnlyList<ScalingPoint> ?? [.. points];
        var baseCleaning = options.Fit.Cleaning with { Sizes = null };
        var below = input.Select(p => p.N).Where(n => double.IsFinite(n) && n > 0 && n < heldOutN - 1).Distinct().Order().ToArray();
        ExtrapolationResult Fail(string why, FitResult? fit = null) => new() { Succeeded = false, Reason = why, HeldOutN = heldOutN, TrainingFit = fit };

        if (options.Fit.Model == FitModel.FreeK)
        {
            return Fail("the free-k model has no k(N) for an unseen size; use SaturatingK or ParametricE");
        }

        var fit = ScalingFitter.Fit(input, options.Fit with { Cleaning = baseCleaning with { Sizes = below } });
        if (!fit.Succeeded)
        {
            return Fail($"the fit on the smaller sizes failed: {fit.Reason}", fit);
        }

        var held = PointCleaner.Clean(input, baseCleaning with { Sizes = [heldOutN] });
        var targets = held.Points.OrderBy(p => p.Step).ToArray();
        if (targets.Length == 0 && options.XGrid is null)
        {
            return Fail($"size {heldOutN:G4} has no usable points and no XGrid was given", fit);
        }

        var model = new NewSizeModel(fit, heldOutN);
        int comp = options.CompensationSteps ?? targets.Length;
        var compPts = comp > 0 ? targets.Take(comp).ToArray() : [];
        if (comp > 0 && compPts.Length < 2)
        {
            return Fail($"E0 compensation needs at least 2 points of size {heldOutN:G4}; {compPts.Length} usable", fit);
        }

        var e = comp > 0 ? model.Compensate(compPts) : model.ExtrapolateE();
        if (e.Failure is not null)
        {
            return Fail(e.Failure, fit);
        }

        double t = ScalingFitter.TQuantile(fit.DegreesOfFreedom, options.Confidence);
        var band = new List<BandPoint>();
        var rows = targets.Length > 0 ? targets.Select(p => (p.Step, p.X, (double?)p.L)) : options.XGrid!.Select(x => (0, x, (double?)null));
        int idx = 0;
        foreach (var (step, x, observed) in rows)
        {
            var (pred, se) = model.Predict(Math.Log10(x), e);
            double half = t * Math.Sqrt((se * se) + e.NoiseVariance);
            band.Add(new BandPoint(step, x, Math.Pow(10, pred), Math.Pow(10, pred - half), Math.Pow(10, pred + half), observed, idx++ < compPts.Length));
        }

        var check = band.Where(b => b.Observed is not null && !b.UsedForFit).ToArray();
        var observedAll = band.Where(b => b.Observed is not null).ToArray();
        return new ExtrapolationResult
        {
            Succeeded = true,
            HeldOutN = heldOutN,
            TrainingFit = fit,
            EMethod = e.Method,
            K = Estimate($"k[{heldOutN:G4}]", model.K, Math.Sqrt(model.KVariance), t),
            E = Estimate($"E[{heldOutN:G4}]", e.Value, Math.Sqrt(e.Variance), t),
            CompensationPoints = compPts.Length,
            Band = band,
            HeldOutPoints = check.Length,
            R2HeldOut = check.Length >= 2 ? R2(check) : null,
            R2AllPoints = observedAll.Length >= 2 ? R2(observedAll) : null,
            RmseLog10HeldOut = check.Length >= 1 ? Math.Sqrt(check.Average(b => Math.Pow(Math.Log10(b.Observed!.Value) - Math.Log10(b.Predicted), 2))) : null,
            BandCoverage = check.Length >= 1 ? check.Count(b => b.Observed >= b.Lower && b.Observed <= b.Upper) / (double)check.Length : null,
        };
    }

    private static ParameterEstimate Estimate(string name, double v, double se, double t) => new(name, v, se, new Interval(v - (t * se), v + (t * se)), null);

    private static double R2(BandPoint[] pts)
    {
        double mean = pts.Average(p => p.Observed!.Value);
        double ssRes = pts.Sum(p => Math.Pow(p.Observed!.Value - p.Predicted, 2));
        double ssTot = pts.Sum(p => Math.Pow(p.Observed!.Value - mean, 2));
        return 1 - (ssRes / ssTot);
    }
}
