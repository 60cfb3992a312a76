using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Forecasting;

/// <summary>One run's line in log space with the pieces of its prediction variance.</summary>
internal sealed record LogLine(double K, double E, double Sigma2, int M, double Mx, double Cxx, double KVariance, bool KFromLaw, int Dof, string? Failure)
{
    public static LogLine Fit(CleanedPoint[] pts, FitResult? law, double n)
    {
        var lx = pts.Select(p => Math.Log10(p.X)).ToArray();
        var ly = pts.Select(p => Math.Log10(p.L)).ToArray();
        int m = pts.Length;
        double mx = lx.Average(), my = ly.Average();
        double cxx = lx.Sum(x => (x - mx) * (x - mx)), cxy = lx.Zip(ly).Sum(v => (v.First - mx) * (v.Second - my));
        if (law is not null)
        {
            if (law.K(n) is not { } k)
            {
                return Failed("the law has no k(N) (failed fit or free-k model)");
            }

            var s = law.Solution!;
            double a = 1 / (1 + Math.Pow(10, s.Theta[1] - Math.Log10(n)));
            var g = new double[s.P];
            g[0] = a;
            g[1] = -s.Theta[0] * a * (1 - a) * Math.Log(10);
            double e = my + (k * mx);
            double ss = lx.Zip(ly).Sum(v => Math.Pow(v.Second - ((-k * v.First) + e), 2));
            return new LogLine(k, e, ss / (m - 1), m, mx, cxx, law.Covariance!.Quadratic(g), true, m - 1, null);
        }

        if (!(cxx > 0))
        {
            return Failed("all fitted points have the same X");
        }

        double kk = -cxy / cxx, ee = my + (kk * mx);
        double sse = lx.Zip(ly).Sum(v => Math.Pow(v.Second - ((-kk * v.First) + ee), 2));
        double sigma2 = sse / (m - 2);
        return new LogLine(kk, ee, sigma2, m, mx, cxx, sigma2 / cxx, false, m - 2, null);
    }

    /// <summary>Prediction of a new observation at lx: point and interval in linear L.</summary>
    public (double Pred, double Lo, double Hi) Predict(double lx, double t)
    {
        double pred = (-K * lx) + E;
        double var = (Sigma2 / M) + ((lx - Mx) * (lx - Mx) * KVariance) + Sigma2;
        double half = t * Math.Sqrt(var);
        return (Math.Pow(10, pred), Math.Pow(10, pred - half), Math.Pow(10, pred + half));
    }

    private static LogLine Failed(string why) => new(0, 0, 0, 0, 0, 0, 0, false, 1, why);
}
