using BenchmarkDotNet.Attributes;
using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Bench.Scaling;

/// <summary>The profiled fit with Jacobian intervals plus 200 bootstrap resamples (1,000 points).</summary>
[MemoryDiagnoser]
public class BootstrapBenchmarks
{
    private CleanedData? _cleaned;

    [GlobalSetup]
    public void Setup() => _cleaned = PointCleaner.Clean(BenchData.Points(1_000));

    [Benchmark(Description = "profiled: fit + Jacobian + 200 bootstrap CIs (pre-cleaned, 1k)")]
    public double WithBootstrap() => ScalingFitter.Fit(_cleaned!).Parameters[0].Value;
}
