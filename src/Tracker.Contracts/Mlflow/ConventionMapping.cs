namespace Tracker.Contracts.Mlflow;

/// <summary>A study's own names for what Tracker derives from a tracking client's parameters and metrics, on top of the
/// built-in veRL and TRL names (body of <c>PUT /api/v1/studies/{study}/conventions</c>).
/// <see cref="Params"/> maps a role (<c>model</c>, <c>parameters</c>, <c>batchSize</c>, <c>rolloutN</c>,
/// <c>uniqueSamples</c>) to the parameter that gives it; <see cref="Metrics"/> maps a role (<c>reward</c>, <c>loss</c>,
/// <c>tokens</c> per step, <c>totalTokens</c> running total) to the metric that gives it; <see cref="Evaluations"/> maps
/// a metric to the held-out dataset whose pass@1 it is. A mapped name wins over a built-in one.</summary>
public sealed record ConventionMapping(
    IReadOnlyDictionary<string, string>? Params = null,
    IReadOnlyDictionary<string, string>? Metrics = null,
    IReadOnlyDictionary<string, string>? Evaluations = null)
{
    public static ConventionMapping None { get; } = new();
}
