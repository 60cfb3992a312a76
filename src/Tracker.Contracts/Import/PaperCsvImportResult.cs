namespace Tracker.Contracts.Import;

/// <summary>Answer of <c>POST /api/v1/import/paper-csv</c>. <see cref="Runs"/>, <see cref="Steps"/> and
/// <see cref="Evaluations"/> count what was new; <see cref="Duplicates"/> counts registrations, steps and
/// evaluations that were already stored, so re-importing a file gives only duplicates.</summary>
public sealed record PaperCsvImportResult(
    string Study,
    int Rows,
    int SupersededRows,
    int RunsInFile,
    int Runs,
    int Steps,
    int Evaluations,
    int Duplicates,
    IReadOnlyList<ImportedRunView> Imported);

/// <summary>One run of the file as stored: its id and name in the study, N, τ (null without reuse) and its steps.</summary>
public sealed record ImportedRunView(Guid RunId, string Name, double N, double? Tau, int Steps);
