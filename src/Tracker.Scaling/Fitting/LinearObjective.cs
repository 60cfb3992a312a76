namespace Tracker.Scaling.Fitting;

/// <summary>
/// The paper's objective Σ w (L − 10^(E − k·lx))² with equal total weight per size. For a given k the best 10^E is
/// a weighted ratio Σ w L u / Σ w u² with u = 10^(−k·lx), so each E(N) is solved in closed form inside the search.
/// </summary>
internal sealed class LinearObjective
{
    private readonly FitData _d;

    public LinearObjective(FitData d)
    {
        _d = d;
        Weights = new double[d.Count];
        double total = 0;
        for (int g = 0; g < d.G; g++)
        {
            total += d.GroupWeight(g);
        }

        for (int g = 0; g < d.G; g++)
        {
            double wg = d.GroupWeight(g), scale = wg > 0 ? total / (d.G * wg) : 0;
            for (int i = d.Start[g]; i < d.Start[g + 1]; i++)
            {
                Weights[i] = d.W[i] * scale;
            }
        }
    }

    /// <summary>Per-point objective weights (mean 1 over the bootstrap-weighted points).</summary>
    public double[] Weights { get; }

    /// <summary>Weighted SSE of size g at slope k, and the optimal E.</summary>
    public double GroupSse(int g, double k, out double e)
    {
        double slu = 0, suu = 0, sll = 0, ln10 = Math.Log(10);
        for (int i = _d.Start[g]; i < _d.Start[g + 1]; i++)
        {
            double w = Weights[i];
            if (w == 0)
            {
                continue;
            }

            double u = Math.Exp(-k * _d.Lx[i] * ln10), l = _d.L[i];
            slu += w * l * u;
            suu += w * u * u;
            sll += w * l * l;
        }

        if (suu <= 0 || slu <= 0)
        {
            e = double.NaN;
            return double.PositiveInfinity;
        }

        e = Math.Log10(slu / suu);
        return Math.Max(sll - (slu * slu / suu), 0);
    }
}
