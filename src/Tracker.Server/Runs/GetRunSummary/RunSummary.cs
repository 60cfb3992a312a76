using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Server.Runs.GetRunSummary;

/// <summary>Read model of one run, kept inline with its stream. Every field is order-independent
/// (sums, maxima, values at the highest step) so out-of-order arrival gives the same summary.</summary>
public sealed class RunSummary
{
    public Guid Id { get; set; }

    public string Study { get; set; } = "";

    public string Name { get; set; } = "";

    public ModelSpec Model { get; set; } = new();

    public TrainingSpec Training { get; set; } = new();

    public Dictionary<string, string> Tags { get; set; } = [];

    public RunStatus Status { get; set; }

    public string? StatusReason { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset LastActivity { get; set; }

    public long StepCount { get; set; }

    public long? LastStep { get; set; }

    public ValueAtStep? Reward { get; set; }

    public ValueAtStep? Loss { get; set; }

    public double SamplesConsumed { get; set; }

    public double TokensConsumed { get; set; }

    public double Compute { get; set; }

    /// <summary>FLOPs the job sent itself, and the tokens of the steps priced as 6·N·tokens: a corrected N re-prices
    /// <see cref="Compute"/> from these two sums.</summary>
    public double FlopsReported { get; set; }

    public double ComputeTokens { get; set; }

    public bool ExcludedFromFits { get; set; }

    /// <summary>Every correction of the run, in the order recorded.</summary>
    public List<CorrectionView> Corrections { get; set; } = [];

    public Dictionary<string, EvaluationData> LastEvaluations { get; set; } = [];

    public double? Tau => Training.UniqueSamples is > 0 and var unique ? SamplesConsumed / unique : null;
}

/// <summary>A value together with the step it belongs to, so a late lower step never overwrites a later one.</summary>
public sealed record ValueAtStep(long Step, double Value);
