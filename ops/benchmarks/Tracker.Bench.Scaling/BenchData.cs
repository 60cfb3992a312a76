using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Bench.Scaling;

/// <summary>Benchmark inputs: 7 sizes × 1 run × enough steps for the requested point count (base-D law, Pass@1 noise, shuffled).</summary>
internal static class BenchData
{
    public static IReadOnlyList<ScalingPoint> Points(int count) => SyntheticSweep.Generate(new SweepSpec
    {
        Law = PaperFits.BaseData,
        Runs = 1,
        Steps = (int)Math.Ceiling(count / 7.0),
        IncludeStepZero = false,
        Shuffle = true,
        Seed = 42,
    });
}
