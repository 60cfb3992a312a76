using Tracker.Contracts.Import;
using Tracker.Domain.Import;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Import;

/// <summary>Writes a paper CSV's runs through <see cref="RunImporter"/> and describes the result by file rows.</summary>
public sealed class PaperCsvImporter(RunImporter importer)
{
    public Task<List<string>> FindConflictsAsync(IReadOnlyList<ImportedRunCommands> runs, int max, CancellationToken cancellationToken) =>
        importer.FindConflictsAsync(runs, max, cancellationToken);

    public async Task<PaperCsvImportResult> ImportAsync(PaperCsvFile file, string study, IReadOnlyList<ImportedRunCommands> runs, EventMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(runs);
        var tally = await importer.ImportAsync(runs, metadata, cancellationToken);
        var imported = runs
            .Select(r => new ImportedRunView(r.RunId, r.Register.Name, r.Source.ModelParams, r.Source.SliceFactor > 0 ? r.Source.SliceFactor : null, r.Source.Rows.Count))
            .ToList();
        return new PaperCsvImportResult(study, file.Rows, file.SupersededRows, runs.Count, tally.Runs, tally.Steps, tally.Evaluations, tally.Duplicates, imported);
    }
}
