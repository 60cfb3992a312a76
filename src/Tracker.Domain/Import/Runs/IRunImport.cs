using Tracker.Contracts.Messaging;

namespace Tracker.Domain.Import.Runs;

/// <summary>The run commands of one imported run, in the order they are applied: the registration, the steps, the
/// evaluations, and the finish when the source run had ended. Built by every importer, written by one writer.</summary>
public interface IRunImport
{
    Guid RunId { get; }

    RegisterRun Register { get; }

    IReadOnlyList<LogSteps> Steps { get; }

    IReadOnlyList<RecordEvaluations> Evaluations { get; }

    /// <summary>Null leaves the run running (its source had not ended).</summary>
    FinishRun? Finish { get; }
}

/// <summary>A run imported from another tracker, with the source it was built from.</summary>
public sealed record ImportedRun(
    SourceRun Source,
    RegisterRun Register,
    IReadOnlyList<LogSteps> Steps,
    IReadOnlyList<RecordEvaluations> Evaluations,
    FinishRun? Finish) : IRunImport
{
    public Guid RunId => Register.RunId;

    public int StepCount => Steps.Sum(b => b.Steps.Count);

    public int EvaluationCount => Evaluations.Sum(b => b.Evaluations.Count);
}
