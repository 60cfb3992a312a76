using CsCheck;
using Tracker.Contracts.Runs;

namespace Tracker.Domain.Tests.Runs;

/// <summary>CsCheck generators of valid (finite, NaN-free) posted data.</summary>
internal static class Generators
{
    public static readonly Gen<double> Finite = Gen.Double[-1e6, 1e6];

    public static readonly Gen<double?> OptionalFinite = Gen.Nullable(Finite, 0.25);

    public static readonly Gen<double?> OptionalNonNegative = Gen.Nullable(Gen.Double[0, 1e12], 0.25);

    public static readonly Gen<DateTimeOffset?> OptionalTime = Gen.Nullable(
        Gen.Long[new DateTime(2020, 1, 1).Ticks, new DateTime(2030, 1, 1).Ticks].Select(t => new DateTimeOffset(t, TimeSpan.Zero)),
        0.25);

    public static readonly Gen<string> MetricName = Gen.String[1, 12];

    /// <summary>0 to 6 metrics with distinct names, sometimes no dictionary at all.</summary>
    public static readonly Gen<Dictionary<string, double>?> Metrics = Gen.Frequency(
        (1, Gen.Const((Dictionary<string, double>?)null)),
        (4, Gen.Select(MetricName.ArrayUnique[0, 6], Finite.Array[6], (names, values) =>
            (Dictionary<string, double>?)names.Select((n, i) => (n, v: values[i])).ToDictionary(p => p.n, p => p.v))));

    public static readonly Gen<StepData> Step = Gen.Select(
        Gen.Long[0, 1_000_000], OptionalTime, OptionalFinite, OptionalFinite, OptionalNonNegative, OptionalNonNegative, OptionalNonNegative, Metrics,
        (step, time, reward, loss, tokens, flops, samples, metrics) => new StepData(step, time, reward, loss, tokens, flops, samples, metrics));

    /// <summary>1 to 40 steps with distinct step numbers.</summary>
    public static readonly Gen<StepData[]> DistinctSteps = Gen.Select(
        Gen.Long[0, 100_000].ArrayUnique[1, 40], Step.Array[40],
        (numbers, steps) => numbers.Select((n, i) => steps[i] with { Step = n }).ToArray());

    public static readonly Gen<EvaluationData> Evaluation = Gen.Select(
        Gen.Long[0, 1_000_000], Gen.String[1, 10], Gen.Double[0, 1], Gen.Nullable(Gen.Int[1, 10_000], 0.25),
        (step, dataset, passAt1, problems) => new EvaluationData(step, dataset, passAt1, problems));

    /// <summary>An equal copy built independently: new record, and a new dictionary filled in another order.</summary>
    public static StepData Copy(StepData s) =>
        s with { Metrics = s.Metrics is null ? null : s.Metrics.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value) };

    public static string Print(StepData s) =>
        $"{{step {s.Step}, time {s.Time:O}, reward {s.Reward:R}, loss {s.Loss:R}, tokens {s.Tokens:R}, flops {s.Flops:R}, samples {s.Samples:R}, metrics {(s.Metrics is null ? "null" : "{" + string.Join(", ", s.Metrics.Select(kv => $"{kv.Key}: {kv.Value:R}")) + "}")}}}";
}
