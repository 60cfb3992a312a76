using Tracker.Scaling.Fitting;
using Tracker.Scaling.Synthetic;

namespace Tracker.Scaling.Tests;

/// <summary>Synthetic sweeps shaped like the paper's: 7 sizes, 105 steps, 3 runs, Pass@1 noise, shuffled, some steps missing.</summary>
internal static class Sweeps
{
    public static IReadOnlyList<ScalingPoint> Paper(PaperFit law, int seed, double noise = 1, double missing = 0.03, bool shuffle = true) =>
        SyntheticSweep.Generate(new SweepSpec { Law = law, Seed = seed, NoiseScale = noise, MissingStepFraction = missing, Shuffle = shuffle });

    public static FitOptions Fast { get; } = FitOptions.Default with { BootstrapResamples = 0 };
}
