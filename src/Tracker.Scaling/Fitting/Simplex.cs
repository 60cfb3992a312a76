namespace Tracker.Scaling.Fitting;

/// <summary>
/// Small deterministic Nelder–Mead (standard coefficients), restarted once from its optimum to guard against a collapsed
/// simplex. Stops when the simplex is tighter than the tolerance in every coordinate, or after the iteration cap.
/// </summary>
internal static class Simplex
{
    public static double[]? Minimize(Func<double[], double> f, double[] start, double[] step, double tol = 1e-10, int maxIter = 5000)
    {
        var x = start;
        for (int pass = 0; pass < 2; pass++)
        {
            x = Run(f, x, [.. step.Select(s => s / (pass + 1))], tol, maxIter);
        }

        return double.IsFinite(f(x)) ? x : null;
    }

    private static double[] Run(Func<double[], double> f, double[] x0, double[] step, double tol, int maxIter)
    {
        int n = x0.Length;
        var pts = new double[n + 1][];
        var fv = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            pts[i] = (double[])x0.Clone();
            if (i > 0)
            {
                pts[i][i - 1] += step[i - 1];
            }

            fv[i] = f(pts[i]);
        }

        for (int it = 0; it < maxIter; it++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => fv[i]).ThenBy(i => i).ToArray();
            pts = [.. order.Select(i => pts[i])];
            fv = [.. order.Select(i => fv[i])];
            if (Converged(pts, tol))
            {
                break;
            }

            var c = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    c[j] += pts[i][j] / n;
                }
            }

            double[] Along(double t) => [.. c.Select((cj, j) => cj + (t * (pts[n][j] - cj)))];
            var xr = Along(-1);
            double fr = f(xr);
            if (fr < fv[0])
            {
                var xe = Along(-2);
                double fe = f(xe);
                (pts[n], fv[n]) = fe < fr ? (xe, fe) : (xr, fr);
            }
            else if (fr < fv[n - 1])
            {
                (pts[n], fv[n]) = (xr, fr);
            }
            else
            {
                var xc = fr < fv[n] ? Along(-0.5) : Along(0.5);
                double fc = f(xc);
                if (fc < Math.Min(fr, fv[n]))
                {
                    (pts[n], fv[n]) = (xc, fc);
                }
                else
                {
                    for (int i = 1; i <= n; i++)
                    {
                        pts[i] = [.. pts[i].Select((v, j) => pts[0][j] + (0.5 * (v - pts[0][j])))];
                        fv[i] = f(pts[i]);
                    }
                }
            }
        }

        int best = 0;
        for (int i = 1; i <= n; i++)
        {
            if (fv[i] < fv[best])
            {
                best = i;
            }
        }

        return pts[best];
    }

    private static bool Converged(double[][] pts, double tol)
    {
        for (int j = 0; j < pts[0].Length; j++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (var p in pts)
            {
                lo = Math.Min(lo, p[j]);
                hi = Math.Max(hi, p[j]);
            }

            if (hi - lo > tol * Math.Max(1, Math.Abs(hi)))
            {
                return false;
            }
        }

        return true;
    }
}
