namespace Tracker.Scaling.Fitting;

/// <summary>Percentile intervals with linear interpolation between order statistics.</summary>
internal static class Percentile
{
    public static Interval Interval(IEnumerable<double> values, double confidence)
    {
        var v = values.ToArray();
        Array.Sort(v);
        double q = (1 - confidence) / 2;
        return new Interval(At(v, q), At(v, 1 - q));
    }

    private static double At(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int i = (int)Math.Floor(pos);
        int j = Math.Min(i + 1, sorted.Length - 1);
        return sorted[i] + ((pos - i) * (sorted[j] - sorted[i]));
    }
}
