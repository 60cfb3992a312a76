using Tracker.Contracts.Runs;

namespace Tracker.Domain.Conventions;

/// <summary>The scaling-relevant shape a run's parameters name: the model (N from its name unless stated), prompts per
/// step, rollouts per prompt, unique prompts. <see cref="FromParams"/> lists the parameters read.</summary>
public sealed record RunSpecReading(
    string? ModelName,
    double? Parameters,
    int? BatchSize,
    int? RolloutN,
    long? UniqueSamples,
    IReadOnlyList<string> FromParams)
{
    /// <summary>Rollouts generated per step (batch size × n), when both are known.</summary>
    public long? RolloutsPerStep => BatchSize is { } b && RolloutN is { } n ? (long)b * n : null;

    /// <summary>The spec in force once this reading is laid over <paramref name="model"/> and <paramref name="training"/>:
    /// what the parameters say wins, what they do not say stays.</summary>
    public (ModelSpec Model, TrainingSpec Training) Over(ModelSpec model, TrainingSpec training)
    {
        var family = ModelName is { } name ? Family(name) : model.Family;
        var variant = ModelName is { } named && Parameters is not null ? Variant(named) : model.Variant;
        return (
            new ModelSpec(family, Parameters ?? model.Parameters, variant),
            new TrainingSpec(BatchSize ?? training.BatchSize, RolloutN ?? training.RolloutN, UniqueSamples ?? training.UniqueSamples));
    }

    /// <summary>The last segment of a path or hub id: <c>Qwen/Qwen2.5-7B-Instruct</c> → <c>Qwen2.5-7B-Instruct</c>.</summary>
    public static string Family(string modelName)
    {
        var trimmed = modelName.Trim().TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        var family = cut >= 0 && cut < trimmed.Length - 1 ? trimmed[(cut + 1)..] : trimmed;
        return family.Length <= Validation.Limits.MaxNameLength ? family : family[..Validation.Limits.MaxNameLength];
    }

    private static string Variant(string modelName)
    {
        var family = Family(modelName);
        return family.Contains("instruct", StringComparison.OrdinalIgnoreCase) || family.Contains("-chat", StringComparison.OrdinalIgnoreCase)
            || family.EndsWith("-it", StringComparison.OrdinalIgnoreCase)
            ? "instruct"
            : "base";
    }
}
