namespace Tracker.Scaling.Fitting;

/// <summary>Weighted sufficient statistics of one size in log space; centred sums keep precision when log10 X ≈ 19.</summary>
internal readonly record struct GroupStats(double W, double Mx, double My, double Cxx, double Cxy, double Cyy)
{
    public static GroupStats[] Compute(FitData d)
    {
        var s = new GroupStats[d.G];
        for (int g = 0; g < d.G; g++)
        {
            double w = 0, sx = 0, sy = 0;
            int from = d.Start[g], to = d.Start[g + 1];
            for (int i = from; i < to; i++)
            {
                w += d.W[i];
                sx += d.W[i] * d.Lx[i];
                sy += d.W[i] * d.Ly[i];
            }

            double mx = w > 0 ? sx / w : 0, my = w > 0 ? sy / w : 0, cxx = 0, cxy = 0, cyy = 0;
            for (int i = from; i < to; i++)
            {
                double dx = d.Lx[i] - mx, dy = d.Ly[i] - my, wi = d.W[i];
                cxx += wi * dx * dx;
                cxy += wi * dx * dy;
                cyy += wi * dy * dy;
            }

            s[g] = new GroupStats(w, mx, my, cxx, cxy, cyy);
        }

        return s;
    }
}
