namespace Tracker.Contracts.Import;

/// <summary>Answer of <c>POST /api/v1/studies/{study}/import/mlflow</c> and <c>…/import/wandb-csv</c>.
/// <see cref="Runs"/>, <see cref="Steps"/> and <see cref="Evaluations"/> count what was new; <see cref="Duplicates"/>
/// counts registrations, steps and evaluations already stored, so importing the same file again gives only
/// duplicates. <see cref="Notes"/> says what was read but not kept, and what the study still needs.</summary>
public sealed record RunImportResult(
    string Study,
    string Format,
    int RunsInFile,
    int Runs,
    int Steps,
    int Evaluations,
    int Duplicates,
    string LossDataset,
    IReadOnlyList<ImportedSourceRunView> Imported,
    IReadOnlyList<string> Notes);

/// <summary>One imported run as stored: its Tracker id and name, its id in the source tracker, the model and N read
/// from its parameters (or given), prompts per step, its status, and the held-out datasets its evaluations name.</summary>
public sealed record ImportedSourceRunView(
    Guid RunId,
    string Name,
    string SourceRunId,
    string? Model,
    double? N,
    int? BatchSize,
    string Status,
    int Steps,
    int Evaluations,
    IReadOnlyList<string> EvaluationDatasets);
