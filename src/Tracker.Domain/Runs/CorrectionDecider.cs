using Tracker.Contracts.Messaging;

namespace Tracker.Domain.Runs;

/// <summary>Pure decisions on corrections. A correction whose state already holds (the evaluation is already invalid,
/// the run already excluded, N already that value) records nothing and answers as a duplicate, so a repeated request
/// is harmless; an unknown run or evaluation is a 404 and nothing is written.</summary>
public static class CorrectionDecider
{
    public static Decision InvalidateEvaluation(RunLedger ledger, InvalidateEvaluation command)
    {
        if (ledger.Registration is null)
        {
            return Decision.UnknownRun(command.RunId);
        }

        if (!ledger.TryGetEvaluation(command.Step, command.Dataset, out _))
        {
            return Decision.Reject(404, "Unknown evaluation", $"run {command.RunId} has no evaluation of dataset '{command.Dataset}' at step {command.Step}");
        }

        return ledger.IsInvalidated(command.Step, command.Dataset)
            ? Unchanged()
            : Recorded(new EvaluationInvalidated(command.RunId, command.Step, command.Dataset, command.Reason, command.Origin.User));
    }

    public static Decision Exclude(RunLedger ledger, ExcludeRunFromFits command) =>
        ledger.Registration is null ? Decision.UnknownRun(command.RunId)
        : ledger.ExcludedFromFits ? Unchanged()
        : Recorded(new RunExcludedFromFits(command.RunId, command.Reason, command.Origin.User));

    public static Decision Reinclude(RunLedger ledger, ReincludeRunInFits command) =>
        ledger.Registration is null ? Decision.UnknownRun(command.RunId)
        : !ledger.ExcludedFromFits ? Unchanged()
        : Recorded(new RunReincluded(command.RunId, command.Reason, command.Origin.User));

    public static Decision CorrectModelSize(RunLedger ledger, CorrectModelSize command) =>
        ledger.Registration is null ? Decision.UnknownRun(command.RunId)
        : ledger.ModelSize == command.Parameters ? Unchanged()
        : Recorded(new ModelSizeCorrected(command.RunId, ledger.ModelSize, command.Parameters, command.Reason, command.Origin.User));

    private static Decision Recorded(IRunCorrection correction) => new([correction], new CommandOutcome(200, 1, 0));

    private static Decision Unchanged() => new([], new CommandOutcome(200, 0, 1));
}
