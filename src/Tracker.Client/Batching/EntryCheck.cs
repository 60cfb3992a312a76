using Tracker.Contracts.Runs;

namespace Tracker.Client.Batching;

/// <summary>Catches locally what the server would refuse, so one bad value does not cost a whole batch.
/// A diverged loss (NaN) is common in training: the field is left out and the rest of the step kept, because its
/// tokens and samples still count toward compute and data.</summary>
internal static class EntryCheck
{
    public const long MaxStep = 1L << 40;

    public static bool IsAcceptable(StepData step) => step.Step is >= 0 and <= MaxStep;

    public static bool IsAcceptable(EvaluationData evaluation) =>
        evaluation.Step is >= 0 and <= MaxStep
        && !string.IsNullOrWhiteSpace(evaluation.Dataset)
        && evaluation.PassAt1 is >= 0 and <= 1
        && evaluation.Problems is null or >= 0;

    /// <summary>The step without its non-finite numbers, or the same instance when it has none.</summary>
    public static StepData Sanitize(StepData step)
    {
        if (IsFinite(step.Reward) && IsFinite(step.Loss) && IsFiniteNonNegative(step.Tokens) && IsFiniteNonNegative(step.Flops)
            && IsFiniteNonNegative(step.Samples) && (step.Metrics is null || step.Metrics.Values.All(double.IsFinite)))
        {
            return step;
        }

        return step with
        {
            Reward = IsFinite(step.Reward) ? step.Reward : null,
            Loss = IsFinite(step.Loss) ? step.Loss : null,
            Tokens = IsFiniteNonNegative(step.Tokens) ? step.Tokens : null,
            Flops = IsFiniteNonNegative(step.Flops) ? step.Flops : null,
            Samples = IsFiniteNonNegative(step.Samples) ? step.Samples : null,
            Metrics = step.Metrics?.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value),
        };
    }

    private static bool IsFinite(double? value) => value is not { } v || double.IsFinite(v);

    private static bool IsFiniteNonNegative(double? value) => value is not { } v || (double.IsFinite(v) && v >= 0);
}
