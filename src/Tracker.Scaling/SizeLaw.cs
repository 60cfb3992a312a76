namespace Tracker.Scaling;

/// <summary>The fitted law for one model size: log10 L = −K·log10 X + E.</summary>
public readonly record struct SizeLaw(double N, double K, double E)
{
    public double PredictLog10(double x) => -K * Math.Log10(x) + E;

    public double PredictLoss(double x) => Math.Pow(10, PredictLog10(x));

    /// <summary>The same law when X is expressed in a unit s times smaller (X' = s·X): E shifts by K·log10 s.</summary>
    public SizeLaw Rescaled(double s) => this with { E = E + K * Math.Log10(s) };

    /// <summary>k(N) = Kmax·N/(N + N0).</summary>
    public static double SaturatingK(double kmax, double n0, double n) => kmax * n / (n + n0);
}
