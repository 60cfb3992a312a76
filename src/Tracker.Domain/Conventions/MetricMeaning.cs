namespace Tracker.Domain.Conventions;

public enum MetricRole
{
    /// <summary>A metric Tracker keeps but derives nothing from.</summary>
    Other,
    Reward,
    Loss,

    /// <summary>Tokens processed in this step (veRL <c>perf/total_num_tokens</c>): compute C += 6·N·tokens.</summary>
    StepTokens,

    /// <summary>Tokens processed so far, a running total (TRL <c>num_tokens</c>).</summary>
    TotalTokens,

    /// <summary>pass@1 of a held-out dataset: test loss L = 1 − pass@1.</summary>
    Evaluation,
}

/// <summary>What a metric name means. <see cref="Rank"/> orders names of one role (lower wins when a step logs several,
/// e.g. <c>critic/rewards/mean</c> before <c>critic/score/mean</c>); a study's mapped names rank first.</summary>
public readonly record struct MetricMeaning(MetricRole Role, int Rank = 0, string? Dataset = null)
{
    public static MetricMeaning Other { get; } = new(MetricRole.Other);
}
