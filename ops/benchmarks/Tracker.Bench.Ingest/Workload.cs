using Tracker.Contracts.Runs;

namespace Tracker.Bench.Ingest;

/// <summary>The same steps for both paths: per client, batches of steps with a veRL-like metric dict.</summary>
public sealed class Workload
{
    private Workload(BenchOptions options, IReadOnlyList<IReadOnlyList<StepData[]>> batches)
    {
        Options = options;
        Batches = batches;
    }

    public BenchOptions Options { get; }

    /// <summary>[client][batch] → steps.</summary>
    public IReadOnlyList<IReadOnlyList<StepData[]>> Batches { get; }

    public long TotalSteps => (long)Options.Clients * Options.Batches * Options.BatchSize;

    public static Workload Create(BenchOptions options)
    {
        var random = new Random(42);
        var names = new[] { "actor/kl_loss", "actor/entropy", "actor/pg_loss", "actor/grad_norm", "critic/score/mean", "critic/advantages/mean", "response_length/mean", "perf/throughput", "perf/time_per_step", "actor/lr" };
        var clients = Enumerable.Range(0, options.Clients).Select(_ =>
            (IReadOnlyList<StepData[]>)Enumerable.Range(0, options.Batches).Select(b =>
                Enumerable.Range(b * options.BatchSize, options.BatchSize).Select(step => new StepData(
                    step,
                    DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000 + step),
                    Reward: random.NextDouble(),
                    Loss: random.NextDouble(),
                    Tokens: 4_000_000 + random.Next(100_000),
                    Samples: 512,
                    Metrics: Enumerable.Range(0, options.Metrics).ToDictionary(m => names[m % names.Length] + (m >= names.Length ? "_" + m : ""), _ => random.NextDouble())))
                .ToArray()).ToList()).ToList();
        return new Workload(options, clients);
    }
}
