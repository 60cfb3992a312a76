using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Tracker.Scaling.Synthetic;

/// <summary>Seeded generator of sweeps from a known law; the same spec always gives the same points.</summary>
public static class SyntheticSweep
{
    public const int RolloutsPerPrompt = 8;

    public static IReadOnlyList<ScalingPoint> Generate(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rng = new MersenneTwister(spec.Seed, threadSafe: false);
        var sizes = spec.Sizes ?? [.. spec.Law.SizesN];
        var points = new List<ScalingPoint>(sizes.Count * spec.Runs * (spec.Steps + 1));
        foreach (double n in sizes)
        {
            var law = spec.Law.For(n);
            for (int r = 0; r < spec.Runs; r++)
            {
                string run = RunId(spec.Law, n, r);
                var xs = AxisValues(spec, n, rng);
                for (int step = spec.IncludeStepZero ? 0 : 1; step <= spec.Steps; step++)
                {
                    // Draw every random number even for a missing row, so the other rows do not depend on MissingStepFraction.
                    double z = Normal.Sample(rng, 0, 1), u = rng.NextDouble();
                    if (step > 0 && u < spec.MissingStepFraction)
                    {
                        continue;
                    }

                    double truth = law.PredictLoss(xs[Math.Max(step, 1)]);
                    points.Add(new ScalingPoint(run, n, step, xs[step], Observe(truth, z, spec.NoiseScale, spec.EvalProblems)));
                }
            }
        }

        if (spec.Shuffle)
        {
            rng.Shuffle(points);
        }

        return points;
    }

    public static string RunId(PaperFit law, double n, int run) => $"{law.Name}-{n / 1e9:G4}B-run{run}";

    /// <summary>One Pass@1 evaluation on a finite set, approximated as Gaussian.</summary>
    public static double Observe(double truth, double z, double noiseScale, int problems) =>
        truth + (noiseScale * z * Math.Sqrt(truth * (1 - truth) / problems));

    /// <summary>X at steps 0..Steps: D = 512·step, or cumulative C = Σ 6·N·tokens.</summary>
    private static double[] AxisValues(SweepSpec spec, double n, MersenneTwister rng)
    {
        var xs = new double[spec.Steps + 1];
        double perStep = PaperFits.PromptsPerStep * RolloutsPerPrompt * spec.TokensPerSequence;
        for (int s = 1; s <= spec.Steps; s++)
        {
            double jitter = 1 + (spec.TokenJitter * Normal.Sample(rng, 0, 1));
            xs[s] = spec.Law.Axis == XAxis.Data
                ? s * (double)PaperFits.PromptsPerStep
                : xs[s - 1] + (6 * n * perStep * Math.Max(jitter, 0.5));
        }

        return xs;
    }
}

internal static class ShuffleExtensions
{
    public static void Shuffle<T>(this System.Random rng, List<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
