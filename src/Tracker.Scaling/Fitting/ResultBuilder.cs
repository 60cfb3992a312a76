using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>Turns a solution, its covariance and bootstrap draws into the public result.</summary>
internal static class ResultBuilder
{
    public static FitResult Build(FitOptions o, CleanedData data, FitData d, ModelSolution s, Uncertainty u, Bootstrap.Draws? draws)
    {
        double t = ScalingFitter.TQuantile(u.Dof, o.Confidence);
        var names = s.Names;
        var cov = new ParameterCovariance(names, [.. u.Cov.Cast<double>()]);
        var boot = draws is { } dr && dr.Solutions.Count >= Math.Max(10, dr.Requested / 2) ? dr.Solutions : null;

        Interval? BootTheta(int i, Func<double, double>? f = null) =>
            boot is null ? null : Transform(Percentile.Interval(boot.Select(b => b.Theta[i]), o.Confidence), f);

        ParameterEstimate Theta(string name, int i) =>
            new(name, s.Theta[i], Math.Sqrt(u.Cov[i, i]), new Interval(s.Theta[i] - (t * Math.Sqrt(u.Cov[i, i])), s.Theta[i] + (t * Math.Sqrt(u.Cov[i, i]))), BootTheta(i));

        ParameterEstimate Pow10(string name, int i)
        {
            // Size parameters are searched in log10, so their intervals are symmetric there.
            double v = Math.Pow(10, s.Theta[i]), se = Math.Sqrt(u.Cov[i, i]);
            return new(name, v, v * Math.Log(10) * se, new Interval(Math.Pow(10, s.Theta[i] - (t * se)), Math.Pow(10, s.Theta[i] + (t * se))),
                BootTheta(i, x => Math.Pow(10, x)));
        }

        var parameters = new List<ParameterEstimate>();
        if (o.Model != FitModel.FreeK)
        {
            parameters.Add(Theta("Kmax", 0));
            parameters.Add(Pow10("N0", 1));
            parameters.Add(Theta("log10N0", 1));
        }

        if (o.Model == FitModel.ParametricE)
        {
            parameters.Add(Theta("Emax", 2));
            parameters.Add(Pow10("N1", 3));
            parameters.Add(Theta("log10N1", 3));
        }

        var sizes = new List<SizeEstimate>(d.G);
        var sums = new List<GroupSums>(d.G);
        for (int g = 0; g < d.G; g++)
        {
            double seK = Math.Sqrt(cov.Quadratic(s.Alpha[g])), seE = Math.Sqrt(cov.Quadratic(s.Beta[g]));
            int gg = g;
            var k = new ParameterEstimate($"k[{d.Sizes[g]:G4}]", s.K[g], seK, new Interval(s.K[g] - (t * seK), s.K[g] + (t * seK)),
                boot is null ? null : Percentile.Interval(boot.Select(b => b.K[gg]), o.Confidence));
            var e = new ParameterEstimate($"E[{d.Sizes[g]:G4}]", s.E[g], seE, new Interval(s.E[g] - (t * seE), s.E[g] + (t * seE)),
                boot is null ? null : Percentile.Interval(boot.Select(b => b.E[gg]), o.Confidence));
            var (r2, rmse, xmin, xmax, gs) = GroupQuality(data, d, s, g);
            sums.Add(gs);
            sizes.Add(new SizeEstimate(d.Sizes[g], k, e, d.Start[g + 1] - d.Start[g], xmin, xmax, r2, rmse));
        }

        var (r2All, rmseAll) = Quality(d, sums);
        double sseN = u.Sse / u.N;
        var quality = new FitQuality(u.N, s.P, r2All, rmseAll, u.Sse,
            (u.N * Math.Log(sseN)) + (2 * s.P), (u.N * Math.Log(sseN)) + (s.P * Math.Log(u.N)));

        return new FitResult
        {
            Succeeded = true,
            Model = o.Model,
            Objective = o.Objective,
            CovarianceKind = o.Covariance,
            Parameters = parameters,
            Sizes = sizes,
            Quality = quality,
            Covariance = cov,
            Bootstrap = draws is null ? null : new BootstrapSummary(draws.Method, draws.Requested, draws.Solutions.Count, draws.Seed,
                boot is null ? "too few resamples succeeded for bootstrap intervals" : draws.Note),
            ResidualVarianceLog10 = u.SseLog / u.Dof,
            DegreesOfFreedom = u.Dof,
            Data = data,
            Solution = s,
        };
    }

    private static Interval? Transform(Interval i, Func<double, double>? f) => f is null ? i : new Interval(f(i.Lower), f(i.Upper));

    /// <summary>Overall R² (linear L) and RMSE (log10) from the per-size sums, so each point is predicted once.</summary>
    private static (double R2, double Rmse) Quality(FitData d, IReadOnlyList<GroupSums> groups)
    {
        double n = d.Count, sum = 0, sumSq = 0, ssRes = 0, sLog = 0;
        foreach (var g in groups)
        {
            sum += g.SumL;
            sumSq += g.SumLSq;
            ssRes += g.SsRes;
            sLog += g.SsLog;
        }

        double ssTot = sumSq - (sum * sum / n);
        return (1 - (ssRes / ssTot), Math.Sqrt(sLog / n));
    }

    private readonly record struct GroupSums(double SumL, double SumLSq, double SsRes, double SsLog);

    private static (double R2, double Rmse, double XMin, double XMax, GroupSums Sums) GroupQuality(CleanedData c, FitData d, ModelSolution s, int g)
    {
        int from = d.Start[g], to = d.Start[g + 1];
        double mean = 0, sumSq = 0, ssRes = 0, sLog = 0, xmin = double.PositiveInfinity, xmax = double.NegativeInfinity;
        for (int i = from; i < to; i++)
        {
            double pred = (-s.K[g] * d.Lx[i]) + s.E[g], rl = d.Ly[i] - pred, r = d.L[i] - Math.Exp(pred * Ln10);
            mean += d.L[i];
            sumSq += d.L[i] * d.L[i];
            ssRes += r * r;
            sLog += rl * rl;
            xmin = Math.Min(xmin, c.Arrays.X[i]);
            xmax = Math.Max(xmax, c.Arrays.X[i]);
        }

        double sum = mean, ssTot = sumSq - (sum * sum / (to - from));
        return (ssTot > 0 ? 1 - (ssRes / ssTot) : double.NaN, Math.Sqrt(sLog / (to - from)), xmin, xmax, new GroupSums(sum, sumSq, ssRes, sLog));
    }

    private static readonly double Ln10 = Math.Log(10);
}
