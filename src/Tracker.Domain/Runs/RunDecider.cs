using System.Text.Json;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;

namespace Tracker.Domain.Runs;

/// <summary>Pure decisions on a run: idempotent by construction. A value already stored is a duplicate;
/// the same key with other values is a conflict that names the key; nothing is written for a rejected command.</summary>
public static class RunDecider
{
    public static Decision Register(RunLedger ledger, RegisterRun command)
    {
        var registered = new RunRegistered(
            command.RunId,
            command.Study,
            command.Name,
            command.Model with { Parameters = ModelSize.Resolve(command.Model.Parameters, command.Model.Family, command.Model.Variant, command.Name) },
            command.Training,
            command.Config,
            command.Tags,
            command.Origin);

        if (ledger.Registration is not { } existing)
        {
            return new Decision([registered], new CommandOutcome(201, 1, 0));
        }

        return SameRegistration(existing, registered)
            ? new Decision([], new CommandOutcome(200, 0, 1))
            : Decision.Reject(409, "Run already registered", $"run {command.RunId} is already registered with a different body ({Difference(existing, registered)})");
    }

    public static Decision LogSteps(RunLedger ledger, LogSteps command)
    {
        if (ledger.Registration is null)
        {
            return Decision.UnknownRun(command.RunId);
        }

        var fresh = new List<StepData>(command.Steps.Count);
        Dictionary<long, ulong>? inRequest = null;
        var duplicates = 0;
        foreach (var step in command.Steps)
        {
            var fingerprint = Fingerprint.Of(step);
            if (ledger.TryGetStep(step.Step, out var stored) || (inRequest?.TryGetValue(step.Step, out stored) ?? false))
            {
                if (stored != fingerprint)
                {
                    return Decision.Reject(409, "Conflicting step", $"step {step.Step} is already stored with different values; steps are immutable");
                }

                duplicates++;
                continue;
            }

            (inRequest ??= new Dictionary<long, ulong>(command.Steps.Count))[step.Step] = fingerprint;
            fresh.Add(step);
        }

        var events = fresh.Count == 0 ? [] : new object[] { new StepsLogged(command.RunId, fresh) };
        return new Decision(events, new CommandOutcome(200, fresh.Count, duplicates));
    }

    public static Decision RecordEvaluations(RunLedger ledger, RecordEvaluations command)
    {
        if (ledger.Registration is null)
        {
            return Decision.UnknownRun(command.RunId);
        }

        var fresh = new List<EvaluationData>();
        Dictionary<(long, string), ulong>? inRequest = null;
        var duplicates = 0;
        foreach (var evaluation in command.Evaluations)
        {
            var fingerprint = Fingerprint.Of(evaluation);
            var key = (evaluation.Step, evaluation.Dataset);
            if (ledger.TryGetEvaluation(key.Step, key.Dataset, out var stored) || (inRequest?.TryGetValue(key, out stored) ?? false))
            {
                if (stored != fingerprint)
                {
                    return Decision.Reject(409, "Conflicting evaluation", $"the evaluation of dataset '{evaluation.Dataset}' at step {evaluation.Step} is already stored with different values");
                }

                duplicates++;
                continue;
            }

            (inRequest ??= [])[key] = fingerprint;
            fresh.Add(evaluation);
        }

        var events = fresh.Count == 0 ? [] : new object[] { new EvaluationsRecorded(command.RunId, fresh) };
        return new Decision(events, new CommandOutcome(200, fresh.Count, duplicates));
    }

    public static Decision Finish(RunLedger ledger, FinishRun command)
    {
        if (ledger.Registration is null)
        {
            return Decision.UnknownRun(command.RunId);
        }

        if (!TryParseFinalStatus(command.Status, out var status))
        {
            return Decision.Reject(400, "Invalid status", $"status must be completed, failed or killed, got '{command.Status}'");
        }

        if (ledger.Status == RunStatus.Running)
        {
            return new Decision([new RunFinished(command.RunId, status, command.Reason)], new CommandOutcome(200, 1, 0));
        }

        return ledger.Status == status
            ? new Decision([], new CommandOutcome(200, 0, 1))
            : Decision.Reject(409, "Run already finished", $"run {command.RunId} already finished as {ledger.Status.ToString().ToLowerInvariant()}");
    }

    public static bool TryParseFinalStatus(string? text, out RunStatus status)
    {
        status = RunStatus.Running;
        // Exactly one name: Enum.TryParse also takes numbers and ORs comma lists ("completed,failed" would be Killed).
        return Enum.TryParse(text, ignoreCase: true, out status) && status != RunStatus.Running && Enum.IsDefined(status)
            && !int.TryParse(text, out _) && !text.Contains(',', StringComparison.Ordinal);
    }

    private static bool SameRegistration(RunRegistered a, RunRegistered b) =>
        a.Study == b.Study && a.Name == b.Name && a.Model == b.Model && a.Training == b.Training
        && SameTags(a.Tags, b.Tags) && SameJson(a.Config, b.Config);

    private static string Difference(RunRegistered a, RunRegistered b) =>
        a.Study != b.Study ? "study differs"
        : a.Name != b.Name ? "name differs"
        : a.Model != b.Model ? "model differs"
        : a.Training != b.Training ? "training differs"
        : !SameTags(a.Tags, b.Tags) ? "tags differ"
        : "config differs";

    private static bool SameTags(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool SameJson(JsonElement? a, JsonElement? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => JsonElement.DeepEquals(x, y),
            _ => false,
        };
}
