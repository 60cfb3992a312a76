namespace Tracker.Bench.Ingest;

public sealed record BenchOptions(string Postgres, int Clients, int Batches, int BatchSize, int Metrics)
{
    /// <summary>The value after --NAME, or the fallback.</summary>
    public static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static BenchOptions Parse(string[] args)
    {
        string Arg(string name, string fallback) => BenchOptions.Arg(args, name, fallback);

        var postgres = Arg("postgres", Environment.GetEnvironmentVariable("TRACKER_BENCH_POSTGRES") ?? "")
            is { Length: > 0 } cs ? cs : throw new ArgumentException("pass --postgres CONNECTION_STRING or set TRACKER_BENCH_POSTGRES (ops/bench does)");
        return new BenchOptions(postgres, int.Parse(Arg("clients", "4")), int.Parse(Arg("batches", "30")), int.Parse(Arg("batch-size", "1000")), int.Parse(Arg("metrics", "10")));
    }
}

public sealed record BenchResult(long Steps, double Seconds)
{
    public double StepsPerSecond => Steps / Seconds;
}
