using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Forecasting;

/// <summary>
/// Fits log10 L = −k·log10 X + E on the first part of a run (k and E by least squares, or E alone with k(N) from a joint
/// law) and predicts the rest with prediction intervals. Unreached X values are extrapolated linearly in step.
/// </summary>
public static class RunForecaster
{
    /// <summary>One forecast per run, ordered by (N, run id).</summary>
    public static IReadOnlyList<RunForecast> ForecastAll(IEnumerable<ScalingPoint> points, ForecastOptions? options = null) =>
        [.. points.GroupBy(p => p.RunId, StringComparer.Ordinal)
            .Select(g => Forecast(g, options))
            .OrderBy(f => f.N).ThenBy(f => f.RunId, StringComparer.Ordinal)];

    public static RunForecast Forecast(IEnumerable<ScalingPoint> runPoints, ForecastOptions? options = null)
    {
        options ??= new ForecastOptions();
        var input = runPoints as IReadOnlyList<ScalingPoint> ?? [.. runPoints];
        string runId = input.Count > 0 ? input[0].RunId : "";
        RunForecast Fail(string why, double n = double.NaN) => new() { RunId = runId, Succeeded = false, Reason = why, N = n };

        if (input.Select(p => p.RunId).Distinct(StringComparer.Ordinal).Skip(1).Any() || input.Select(p => p.N).Distinct().Skip(1).Any())
        {
            return Fail("a forecast takes the points of exactly one run of one size");
        }

        var pts = PointCleaner.Clean(input, options.Cleaning with { AverageRuns = false }).Points.OrderBy(p => p.Step).ToArray();
        if (pts.Length == 0)
        {
            return Fail("the run has no usable points");
        }

        double n = pts[0].N;
        int total = options.TotalSteps ?? pts[^1].Step;
        int cut = Math.Max(1, (int)Math.Floor(options.Fraction * total));
        var head = pts.Where(p => p.Step <= cut).ToArray();
        if (head.Length < Math.Max(options.MinPoints, 3))
        {
            return Fail($"only {head.Length} usable points up to step {cut}; at least {Math.Max(options.MinPoints, 3)} needed", n);
        }

        var line = LogLine.Fit(head, options.Law, n);
        if (line.Failure is not null)
        {
            return Fail(line.Failure, n);
        }

        double t = Fitting.ScalingFitter.TQuantile(line.Dof, options.Confidence);
        double xPerStep = head.Sum(p => p.Step * p.X) / head.Sum(p => (double)p.Step * p.Step);
        var observed = pts.ToDictionary(p => p.Step);
        var rest = new List<ForecastPoint>();
        for (int step = cut + 1; step <= total; step++)
        {
            bool seen = observed.TryGetValue(step, out var o);
            double x = seen ? o!.X : xPerStep * step;
            var (pred, lo, hi) = line.Predict(Math.Log10(x), t);
            rest.Add(new ForecastPoint(step, x, !seen, pred, lo, hi, o?.L));
        }

        var final = rest.Count > 0 ? rest[^1] : null;
        var done = rest.Where(r => r.Observed is not null).ToArray();
        bool finished = final?.Observed is not null;
        return new RunForecast
        {
            RunId = runId,
            Succeeded = final is not null,
            Reason = final is null ? $"the cut at step {cut} leaves no steps to forecast" : null,
            N = n,
            CutStep = cut,
            FitPoints = head.Length,
            K = line.K,
            E = line.E,
            KFromLaw = line.KFromLaw,
            FinalStep = total,
            PredictedFinalL = final?.Predicted ?? double.NaN,
            FinalInterval = final is null ? default : new Interval(final.Lower, final.Upper),
            Rest = rest,
            Finished = finished,
            ActualFinalL = finished ? final!.Observed : null,
            FinalError = finished ? final!.Predicted - final.Observed : null,
            RelativeFinalError = finished ? (final!.Predicted - final.Observed) / final.Observed : null,
            FinalWithinInterval = finished ? final!.Observed >= final.Lower && final.Observed <= final.Upper : null,
            R2Rest = done.Length >= 2 ? R2(done) : null,
        };
    }

    private static double R2(ForecastPoint[] pts)
    {
        double mean = pts.Average(p => p.Observed!.Value);
        double ssTot = pts.Sum(p => Math.Pow(p.Observed!.Value - mean, 2));
        return ssTot > 0 ? 1 - (pts.Sum(p => Math.Pow(p.Observed!.Value - p.Predicted, 2)) / ssTot) : double.NaN;
    }
}
