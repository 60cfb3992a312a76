using BenchmarkDotNet.Attributes;
using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Bench.Scaling;

/// <summary>The paper's way for comparison: generic Levenberg–Marquardt over all 9 parameters (standard errors included).</summary>
[MemoryDiagnoser]
public class PaperWayBenchmarks
{
    private CleanedData? _cleaned;

    [Params(1_000, 1_000_000)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup() => _cleaned = PointCleaner.Clean(BenchData.Points(Points));

    [Benchmark(Description = "generic LM, 9 parameters (pre-cleaned)")]
    public double Generic() => GenericNonlinearFit.Fit(_cleaned!).Kmax;
}
