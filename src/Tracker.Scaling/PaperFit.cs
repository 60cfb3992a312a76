namespace Tracker.Scaling;

/// <summary>Which axis a law is expressed in.</summary>
public enum XAxis
{
    /// <summary>Cumulative compute C_raw in FLOPs.</summary>
    Compute,

    /// <summary>Data D = step × 512 prompts.</summary>
    Data,
}

/// <summary>A committed saturating-k fit: Kmax, N0 and one E0 per size (log10, X in FLOPs or prompts).</summary>
public sealed record PaperFit(string Name, string Variant, XAxis Axis, double Kmax, double N0, IReadOnlyList<SizeLaw> Sizes, double R2, int Points, int WarmupClip)
{
    public IEnumerable<double> SizesN => Sizes.Select(s => s.N);

    public double K(double n) => SizeLaw.SaturatingK(Kmax, N0, n);

    /// <summary>The law of a committed size (exact N, tolerance 1 as in the paper's code).</summary>
    public SizeLaw For(double n)
    {
        foreach (var s in Sizes)
        {
            if (Math.Abs(s.N - n) <= 1)
            {
                return s;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(n), n, $"Size {n:G4} is not part of fit '{Name}'.");
    }

    internal static PaperFit Create(string name, string variant, XAxis axis, double kmax, double n0, double[] e0, double r2, int points, int warmup)
    {
        var sizes = PaperFits.SizesN.Select((n, i) => new SizeLaw(n, SizeLaw.SaturatingK(kmax, n0, n), e0[i])).ToArray();
        return new PaperFit(name, variant, axis, kmax, n0, sizes, r2, points, warmup);
    }
}
