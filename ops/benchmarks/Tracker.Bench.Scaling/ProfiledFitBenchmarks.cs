using BenchmarkDotNet.Attributes;
using Tracker.Scaling;
using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Bench.Scaling;

/// <summary>The profiled joint fit: from raw points (cleaning + canonical sort + fit + Jacobian intervals), and on pre-cleaned data.</summary>
[MemoryDiagnoser]
public class ProfiledFitBenchmarks
{
    private IReadOnlyList<ScalingPoint> _points = [];
    private CleanedData? _cleaned;

    [Params(1_000, 1_000_000)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _points = BenchData.Points(Points);
        _cleaned = PointCleaner.Clean(_points);
    }

    [Benchmark(Description = "profiled: clean + fit + Jacobian CIs")]
    public double EndToEnd() => ScalingFitter.Fit(_points, FitOptions.Default with { BootstrapResamples = 0 }).Parameters[0].Value;

    [Benchmark(Description = "profiled: fit + Jacobian CIs (pre-cleaned)")]
    public double FitOnly() => ScalingFitter.Fit(_cleaned!, FitOptions.Default with { BootstrapResamples = 0 }).Parameters[0].Value;
}
