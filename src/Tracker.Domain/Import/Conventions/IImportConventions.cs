using Tracker.Contracts.Runs;

namespace Tracker.Domain.Import.Conventions;

/// <summary>How a training framework's parameter and metric names map to Tracker's fields, for imported runs. The
/// importers depend on this interface only; <see cref="SharedImportConventions"/> reads the names exactly as the
/// MLflow-compatible API does.</summary>
public interface IImportConventions
{
    /// <summary>The model and training shape named by a run's parameters (flattened config, any separator).</summary>
    RunShape ReadShape(IReadOnlyDictionary<string, string> parameters);

    /// <summary>The Tracker fields and held-out evaluations among one step's metrics.</summary>
    StepMeaning ReadStep(IReadOnlyDictionary<string, double> metrics);
}

/// <summary>The model (family, N, variant) and training shape (prompts per step, rollouts per prompt, unique
/// prompts) the parameters name, with <see cref="ModelName"/> as the parameters give it (a path or hub id).</summary>
public sealed record RunShape(string? ModelName, ModelSpec Model, TrainingSpec Training);

/// <summary>Reward, loss and tokens of a step, and the evaluations it logged. <see cref="CumulativeTokens"/> is a
/// running total (TRL's <c>num_tokens</c>), <see cref="Tokens"/> the step's own count (veRL's
/// <c>perf/total_num_tokens</c>).</summary>
public sealed record StepMeaning(
    double? Reward,
    double? Loss,
    double? Tokens,
    double? CumulativeTokens,
    IReadOnlyList<EvaluationReading> Evaluations);

/// <summary>pass@1 of a held-out dataset, read from the metric <see cref="Metric"/>.</summary>
public sealed record EvaluationReading(string Dataset, double PassAt1, string Metric);
