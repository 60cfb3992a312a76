using System.Globalization;

namespace Tracker.Bench.Ingest;

/// <summary>The soak's memory series and its verdict: the first minute's mean is the baseline; a least-squares slope
/// of each half says whether memory still grows once the server is warm.</summary>
public static class MemoryReport
{
    private const double MiB = 1048576.0;

    public static void Print(IReadOnlyList<MemorySample> samples, Soak.Counters counters)
    {
        var seconds = samples[^1].Seconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{counters.Steps:N0} steps ingested ({counters.Steps / seconds:N0} steps/s), {counters.Reads:N0} dashboard reads in {seconds / 60:F1} min"));
        Console.WriteLine("| t (s) | RSS (MiB) | GC heap (MiB) | steps | reads | run-curve lag (events) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var s in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Seconds:F0} | {s.Rss / MiB:F1} | {(s.GcHeap is { } h ? (h / MiB).ToString("F1", CultureInfo.InvariantCulture) : "-")} | {s.Steps:N0} | {s.Reads:N0} | {(s.CurveLag is { } lag ? lag.ToString("N0", CultureInfo.InvariantCulture) : "-")} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| series | first minute mean (baseline) | last half mean | ratio | slope first half | slope last half | growth over last half | noise (2σ) | verdict |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        Verdict("RSS", samples.Select(s => (s.Seconds, (double)s.Rss)).ToList());
        if (samples.All(s => s.GcHeap is not null))
        {
            Verdict("GC heap", samples.Select(s => (s.Seconds, (double)s.GcHeap!.Value)).ToList());
        }
        else
        {
            Console.WriteLine("GC heap: not exported by /metrics, RSS only");
        }
    }

    private static void Verdict(string name, List<(double T, double Bytes)> series)
    {
        var baseline = series.Where(p => p.T < 60).Select(p => p.Bytes).DefaultIfEmpty(series[0].Bytes).Average();
        var middle = series[^1].T / 2;
        var first = series.Where(p => p.T <= middle).ToList();
        var last = series.Where(p => p.T >= middle).ToList();
        var (slopeFirst, _) = Fit(first);
        var (slopeLast, residual) = Fit(last);
        var growth = slopeLast * (last[^1].T - last[0].T);
        var noise = 2 * residual;
        // Flat: the trend over the last half is within the samples' own scatter, or under 5 % of the baseline.
        var flat = Math.Abs(growth) <= Math.Max(noise, 0.05 * baseline);
        var verdict = flat ? "flat (within noise)" : growth > 0 ? "GROWS" : "shrinks";
        var lastMean = last.Average(p => p.Bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {baseline / MiB:F1} MiB | {lastMean / MiB:F1} MiB | {lastMean / baseline:F2} | {slopeFirst * 60 / MiB:F2} MiB/min | {slopeLast * 60 / MiB:F2} MiB/min | {growth / MiB:F1} MiB | {noise / MiB:F1} MiB | {verdict} |"));
    }

    /// <summary>Least-squares slope (bytes/s) and the residuals' standard deviation.</summary>
    private static (double Slope, double Residual) Fit(List<(double T, double Bytes)> points)
    {
        if (points.Count < 2)
        {
            return (0, 0);
        }

        var meanT = points.Average(p => p.T);
        var meanY = points.Average(p => p.Bytes);
        var slope = points.Sum(p => (p.T - meanT) * (p.Bytes - meanY)) / points.Sum(p => (p.T - meanT) * (p.T - meanT));
        var residual = Math.Sqrt(points.Sum(p => Math.Pow(p.Bytes - (meanY + (slope * (p.T - meanT))), 2)) / points.Count);
        return (slope, residual);
    }
}
