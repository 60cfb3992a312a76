using Tracker.Contracts.Runs;
using Tracker.Domain.Conventions;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Conventions;

/// <summary>Imported runs read with the study's <see cref="TrainingConventions"/> (its own mapping first, then the
/// built-in veRL and TRL names), so a run imported from an export means what it would have meant logged live
/// through the MLflow-compatible API. Per role the best-ranked metric of the step wins; per dataset the best-ranked
/// pass@1 in [0, 1].</summary>
public sealed class SharedImportConventions(TrainingConventions conventions) : IImportConventions
{
    public static SharedImportConventions BuiltIn { get; } = new(TrainingConventions.BuiltIn);

    public RunShape ReadShape(IReadOnlyDictionary<string, string> parameters)
    {
        var spec = conventions.ReadSpec(parameters);
        var (model, training) = spec.Over(new ModelSpec(), new TrainingSpec());
        return new RunShape(spec.ModelName, model, training);
    }

    public StepMeaning ReadStep(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meanings = metrics.Where(m => double.IsFinite(m.Value))
            .Select(m => (m.Key, m.Value, Meaning: conventions.Classify(m.Key)))
            .Where(m => m.Meaning.Role != MetricRole.Other)
            .OrderBy(m => m.Meaning.Rank).ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        double? Best(MetricRole role) => meanings.Where(m => m.Meaning.Role == role).Select(m => (double?)m.Value).FirstOrDefault();

        var evaluations = meanings
            .Where(m => m is { Meaning.Role: MetricRole.Evaluation, Meaning.Dataset.Length: > 0 and <= Limits.MaxNameLength, Value: >= 0 and <= 1 })
            .GroupBy(m => m.Meaning.Dataset!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EvaluationReading(g.Key, g.First().Value, g.First().Key))
            .ToList();
        return new StepMeaning(
            Best(MetricRole.Reward),
            Best(MetricRole.Loss),
            Best(MetricRole.StepTokens) is >= 0 and var tokens ? tokens : null,
            Best(MetricRole.TotalTokens) is >= 0 and var total ? total : null,
            evaluations);
    }
}
