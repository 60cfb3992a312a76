namespace Tracker.Scaling.Fitting;

/// <summary>Covariance of the internal parameter vector (e.g. Kmax, log10N0, E[0..G-1]), row-major.</summary>
public sealed record ParameterCovariance(IReadOnlyList<string> Names, IReadOnlyList<double> Values)
{
    public int Count => Names.Count;

    public double this[int i, int j] => Values[(i * Names.Count) + j];

    /// <summary>gᵀ Σ g for a gradient g over the parameter vector.</summary>
    public double Quadratic(ReadOnlySpan<double> g)
    {
        double s = 0;
        for (int i = 0; i < Count; i++)
        {
            for (int j = 0; j < Count; j++)
            {
                s += g[i] * this[i, j] * g[j];
            }
        }

        return s;
    }
}
