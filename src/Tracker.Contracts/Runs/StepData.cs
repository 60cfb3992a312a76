namespace Tracker.Contracts.Runs;

/// <summary>One training step as posted by a job. Only <see cref="Step"/> is required.
/// <see cref="Samples"/> is prompts consumed in this step (default: the run's batch size);
/// <see cref="Tokens"/> feeds compute C = 6·N·tokens unless the job sends <see cref="Flops"/>.</summary>
public sealed record StepData(
    long Step,
    DateTimeOffset? Time = null,
    double? Reward = null,
    double? Loss = null,
    double? Tokens = null,
    double? Flops = null,
    double? Samples = null,
    IReadOnlyDictionary<string, double>? Metrics = null);
