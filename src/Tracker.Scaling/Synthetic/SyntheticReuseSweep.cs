using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Tracker.Scaling.Synthetic;

/// <summary>Seeded generator of τ reuse sweeps (see <see cref="ReuseSweepSpec"/>).</summary>
public static class SyntheticReuseSweep
{
    public static IReadOnlyList<ScalingPoint> Generate(ReuseSweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rng = new MersenneTwister(spec.Seed, threadSafe: false);
        var law = spec.Law.For(spec.N);
        var points = new List<ScalingPoint>();
        foreach (double tau in spec.Taus)
        {
            double drift = spec.OverfitSlope * Math.Pow(tau / spec.OverfitTau, 3);
            for (int r = 0; r < spec.Runs; r++)
            {
                string run = $"tau{tau:G}-{spec.N / 1e9:G4}B-run{r}";
                for (int step = spec.IncludeStepZero ? 0 : 1; step <= spec.Steps; step++)
                {
                    double x = step * (double)PaperFits.PromptsPerStep;
                    double truth = law.PredictLoss(Math.Max(x, PaperFits.PromptsPerStep)) + (drift * Math.Max(0, step - spec.OverfitOnsetStep));
                    double l = SyntheticSweep.Observe(truth, Normal.Sample(rng, 0, 1), spec.NoiseScale, spec.EvalProblems);
                    // Reward on the (reused) training prompts rises faster the more often they are seen.
                    double reward = 1 - law.PredictLoss(Math.Max(x, PaperFits.PromptsPerStep)) + (0.002 * Math.Sqrt(tau) * step / 10)
                                    + (0.01 * Normal.Sample(rng, 0, 1));
                    points.Add(new ScalingPoint(run, spec.N, step, x, l, tau, spec.IncludeReward ? reward : null));
                }
            }
        }

        return points;
    }
}
