using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import;

/// <summary>The run commands of one imported run, in the order they are applied.</summary>
public sealed record ImportedRunCommands(
    PaperCsvRun Source,
    RegisterRun Register,
    IReadOnlyList<LogSteps> Steps,
    IReadOnlyList<RecordEvaluations> Evaluations,
    FinishRun Finish) : IRunImport
{
    public Guid RunId => Register.RunId;

    FinishRun? IRunImport.Finish => Finish;
}

/// <summary>Turns a parsed paper CSV into the same run commands a training job would send: a registration
/// (N = model_params, 512 prompts per step), steps carrying tokens (and the file's per-step FLOPs when it has them),
/// held-out evaluations (pass@1 = holdout_score) and a completed finish. Ids derive from study and run name, so a
/// re-import addresses the same runs and everything in it is a duplicate.</summary>
public static class PaperCsvCommands
{
    public const string Dataset = "holdout";
    public const int PromptsPerStep = 512;
    public const int DefaultRolloutN = 8;

    /// <summary>The paper's reuse subsets are drawn from the first 51,200 prompts: 51200 // τ unique ones.</summary>
    public const long ReusePool = 51_200;

    public static IReadOnlyList<ImportedRunCommands> Build(PaperCsvFile file, string study, CommandOrigin origin, int batchLimit = Limits.MaxStepsPerRequest)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(origin);
        if (!file.IsValid)
        {
            throw new ArgumentException("the file has errors; only a valid file can be imported", nameof(file));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchLimit, Math.Min(Limits.MaxStepsPerRequest, Limits.MaxEvaluationsPerRequest));
        return [.. file.Runs.Select(run => ForRun(run, study, origin, batchLimit))];
    }

    /// <summary>Problems the API's own validation finds in the commands (none for a file the parser accepted,
    /// unless the study name itself is invalid), named by run.</summary>
    public static List<ValidationError> Validate(IEnumerable<ImportedRunCommands> runs) => RunImportValidator.Validate(runs);

    private static ImportedRunCommands ForRun(PaperCsvRun run, string study, CommandOrigin origin, int batchLimit)
    {
        var name = run.Name;
        var runId = DeterministicGuid.ForRun(study, name);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = "paper-csv",
            ["runid"] = run.RunId,
        };
        if (run.SliceFactor > 0)
        {
            tags["tau"] = run.SliceFactor.ToString("G", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (run.Rows.Select(r => r.ExperimentName).FirstOrDefault(e => e is not null) is { } experiment)
        {
            tags["experiment"] = experiment.Length <= Limits.MaxTagValueLength ? experiment : experiment[..Limits.MaxTagValueLength];
        }

        var unique = run.SliceFactor > 0 ? Math.Max(1, (long)Math.Floor(ReusePool / run.SliceFactor)) : (long?)null;
        var register = new RegisterRun(
            runId,
            study,
            name,
            new ModelSpec(Parameters: run.ModelParams),
            new TrainingSpec(PromptsPerStep, run.Rows.Select(r => r.RolloutN).FirstOrDefault(r => r is not null) ?? DefaultRolloutN, unique),
            null,
            tags,
            origin);

        // Step 0 is the evaluation before training (D = step × 512 = 0): it consumed no prompts.
        var steps = run.Rows
            .Select(r => new StepData(r.Step, Tokens: r.Tokens, Flops: r.StepFlops, Samples: r.Step == 0 ? 0 : null, Metrics: r.Metrics.Count > 0 ? r.Metrics : null))
            .Chunk(batchLimit)
            .Select(chunk => new LogSteps(runId, chunk, origin))
            .ToList();
        var evaluations = run.Rows
            .Select(r => new EvaluationData(r.Step, Dataset, r.HoldoutScore))
            .Chunk(batchLimit)
            .Select(chunk => new RecordEvaluations(runId, chunk, origin))
            .ToList();
        return new ImportedRunCommands(run, register, steps, evaluations, new FinishRun(runId, "completed", "imported from a paper CSV", origin));
    }
}
