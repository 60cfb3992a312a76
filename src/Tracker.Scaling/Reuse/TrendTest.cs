namespace Tracker.Scaling.Reuse;

/// <summary>Ordinary least-squares slope of y on step, with its t statistic.</summary>
internal static class TrendTest
{
    public static (double Slope, double T, int Dof) Slope(IReadOnlyList<(int Step, double Y)> pts)
    {
        int n = pts.Count;
        if (n < 3)
        {
            return (double.NaN, double.NaN, 0);
        }

        double mx = pts.Average(p => (double)p.Step), my = pts.Average(p => p.Y);
        double sxx = pts.Sum(p => (p.Step - mx) * (p.Step - mx)), sxy = pts.Sum(p => (p.Step - mx) * (p.Y - my));
        if (!(sxx > 0))
        {
            return (double.NaN, double.NaN, 0);
        }

        double b = sxy / sxx, a = my - (b * mx);
        double sse = pts.Sum(p => Math.Pow(p.Y - (a + (b * p.Step)), 2));
        double se = Math.Sqrt(sse / (n - 2) / sxx);
        return (b, se > 0 ? b / se : double.PositiveInfinity * Math.Sign(b), n - 2);
    }
}
