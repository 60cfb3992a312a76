using Tracker.Contracts.Messaging;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Runs;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Import;

/// <summary>Writes imported runs' commands with <see cref="RunWriter"/> and <see cref="RunDecider"/>, exactly as the
/// run command consumer does: registrations first, then steps, then evaluations, then finishes. Before writing, the
/// same decisions are tried on private copies of the stored ledgers, so a file that conflicts with what is stored
/// is refused whole. Every import format goes through here.</summary>
public sealed class RunImporter(RunWriter writer, RunLedgerCache ledgers)
{
    /// <summary>Conflicts with stored data (a run name taken by another registration, a step stored with other
    /// values …), one line per run; empty when the import can proceed.</summary>
    public async Task<List<string>> FindConflictsAsync(IEnumerable<IRunImport> runs, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var conflicts = new List<string>();
        foreach (var run in runs)
        {
            // A fresh ledger, not the cache's: this dry run must not change what the writer believes is stored.
            var ledger = new RunLedger(run.RunId);
            await ledgers.CatchUpAsync(ledger, cancellationToken);
            if (FirstRejection(ledger, run) is { } rejected)
            {
                conflicts.Add($"{run.Register.Name}: {rejected.Detail ?? rejected.Title}");
                if (conflicts.Count >= max)
                {
                    break;
                }
            }
        }

        return conflicts;
    }

    public async Task<ImportTally> ImportAsync(IReadOnlyList<IRunImport> runs, EventMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var tally = new ImportTally();
        foreach (var run in runs)
        {
            tally.AddRegistration(await ExecuteAsync(run.RunId, l => RunDecider.Register(l, run.Register), metadata, cancellationToken));
        }

        foreach (var run in runs)
        {
            foreach (var batch in run.Steps)
            {
                tally.AddSteps(await ExecuteAsync(run.RunId, l => RunDecider.LogSteps(l, batch), metadata, cancellationToken));
            }
        }

        foreach (var run in runs)
        {
            foreach (var batch in run.Evaluations)
            {
                tally.AddEvaluations(await ExecuteAsync(run.RunId, l => RunDecider.RecordEvaluations(l, batch), metadata, cancellationToken));
            }
        }

        foreach (var run in runs)
        {
            if (run.Finish is { } finish)
            {
                await ExecuteAsync(run.RunId, l => RunDecider.Finish(l, finish), metadata, cancellationToken);
            }
        }

        return tally;
    }

    private async Task<CommandOutcome> ExecuteAsync(Guid runId, Func<RunLedger, Decision> decide, EventMetadata metadata, CancellationToken cancellationToken)
    {
        var outcome = await writer.ExecuteAsync(runId, decide, metadata, cancellationToken);
        // Only a write that raced the dry run gets here; what is stored so far stays (a re-import completes it).
        return outcome.Succeeded ? outcome : throw new ImportConflictException(outcome);
    }

    private static CommandOutcome? FirstRejection(RunLedger ledger, IRunImport run)
    {
        IEnumerable<Func<RunLedger, Decision>> decisions =
        [
            l => RunDecider.Register(l, run.Register),
            .. run.Steps.Select(b => (Func<RunLedger, Decision>)(l => RunDecider.LogSteps(l, b))),
            .. run.Evaluations.Select(b => (Func<RunLedger, Decision>)(l => RunDecider.RecordEvaluations(l, b))),
            .. run.Finish is { } finish ? [l => RunDecider.Finish(l, finish)] : Array.Empty<Func<RunLedger, Decision>>(),
        ];
        foreach (var decide in decisions)
        {
            var decision = decide(ledger);
            if (!decision.Outcome.Succeeded)
            {
                return decision.Outcome;
            }

            ledger.ApplyAll(decision.Events, ledger.Version);
        }

        return null;
    }
}

/// <summary>What an import stored: new registrations, steps and evaluations, and everything already stored.</summary>
public sealed class ImportTally
{
    public int Runs { get; private set; }

    public int Steps { get; private set; }

    public int Evaluations { get; private set; }

    public int Duplicates { get; private set; }

    public void AddRegistration(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Runs += outcome.Accepted;
        Duplicates += outcome.Duplicates;
    }

    public void AddSteps(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Steps += outcome.Accepted;
        Duplicates += outcome.Duplicates;
    }

    public void AddEvaluations(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Evaluations += outcome.Accepted;
        Duplicates += outcome.Duplicates;
    }
}

/// <summary>A write refused after the dry run passed: another writer changed a run in between.</summary>
public sealed class ImportConflictException(CommandOutcome outcome)
    : Exception($"{outcome.Title}: {outcome.Detail}")
{
    public CommandOutcome Outcome { get; } = outcome;
}
