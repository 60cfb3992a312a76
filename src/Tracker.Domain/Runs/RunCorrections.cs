namespace Tracker.Domain.Runs;

// Corrections are new events on the run stream: history is never rewritten, every view folds them into the effective
// state, and an as-of read before a correction shows what was shown then. They live on the run stream (not the study
// stream) because they correct one run's data: the run's single writer orders them with its other events and makes
// them idempotent, and the run curves, and so datasets, fits and time travel, fold them with no extra input.

/// <summary>A correction of a run: why (<see cref="Reason"/>) and who (<see cref="By"/>, the user behind the command).</summary>
public interface IRunCorrection
{
    Guid RunId { get; }

    string Reason { get; }

    string? By { get; }
}

/// <summary>A held-out evaluation found to be wrong (a broken grader, the wrong checkpoint): it no longer gives a point.</summary>
public sealed record EvaluationInvalidated(Guid RunId, long Step, string Dataset, string Reason, string? By) : IRunCorrection;

/// <summary>The run's points are left out of the study's dataset, fits, forecasts and warnings until it is reincluded.</summary>
public sealed record RunExcludedFromFits(Guid RunId, string Reason, string? By) : IRunCorrection;

/// <summary>An excluded run counts again.</summary>
public sealed record RunReincluded(Guid RunId, string Reason, string? By) : IRunCorrection;

/// <summary>N was registered wrong (or could not be resolved): the run's compute is re-priced with <see cref="To"/>
/// and its points move to that size. <see cref="From"/> is the N in force before (null: none was known).</summary>
public sealed record ModelSizeCorrected(Guid RunId, double? From, double To, string Reason, string? By) : IRunCorrection;

public static class RunCorrections
{
    /// <summary>Every correction event type, for registrations that list event types.</summary>
    public static readonly Type[] EventTypes =
        [typeof(EvaluationInvalidated), typeof(RunExcludedFromFits), typeof(RunReincluded), typeof(ModelSizeCorrected)];
}
