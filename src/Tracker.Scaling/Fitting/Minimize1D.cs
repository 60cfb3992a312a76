namespace Tracker.Scaling.Fitting;

/// <summary>Deterministic 1-D minimizer: a coarse grid finds the basin, golden-section search refines it.</summary>
internal static class Minimize1D
{
    private static readonly double InvPhi = (Math.Sqrt(5) - 1) / 2;

    /// <returns>The minimizer, its value, and whether the best grid point was an end of the range.</returns>
    public static (double X, double F, bool AtBound) GridThenGolden(Func<double, double> f, double lo, double hi, int grid, double tol = 1e-10)
    {
        int best = 0;
        double bestF = double.PositiveInfinity, step = (hi - lo) / (grid - 1);
        for (int i = 0; i < grid; i++)
        {
            double v = f(lo + (i * step));
            if (v < bestF)
            {
                bestF = v;
                best = i;
            }
        }

        if (double.IsPositiveInfinity(bestF) || double.IsNaN(bestF))
        {
            return (double.NaN, double.NaN, false);
        }

        double a = lo + (Math.Max(best - 1, 0) * step), b = lo + (Math.Min(best + 1, grid - 1) * step);
        var (x, fx) = Golden(f, a, b, tol);
        if (bestF < fx)
        {
            x = lo + (best * step);
            fx = bestF;
        }

        bool atBound = (best == 0 && x - lo < 1e-6 * (hi - lo)) || (best == grid - 1 && hi - x < 1e-6 * (hi - lo));
        return (x, fx, atBound);
    }

    public static (double X, double F) Golden(Func<double, double> f, double a, double b, double tol)
    {
        double c = b - (InvPhi * (b - a)), d = a + (InvPhi * (b - a));
        double fc = f(c), fd = f(d);
        for (int it = 0; it < 200 && b - a > tol; it++)
        {
            if (fc <= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (InvPhi * (b - a));
                fc = f(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (InvPhi * (b - a));
                fd = f(d);
            }
        }

        return fc <= fd ? (c, fc) : (d, fd);
    }
}
