using Tracker.Domain.Import.Runs;

namespace Tracker.Server.Import.Sources;

/// <summary>What an import leaves the study short of: runs without N or batch size are stored but cannot be placed
/// in the scaling dataset, and evaluations count as L only on the study's loss dataset.</summary>
internal static class ImportNotes
{
    public static List<string> About(IReadOnlyList<ImportedRun> runs, string lossDataset)
    {
        var notes = new List<string>();
        var withoutN = runs.Where(r => Domain.Runs.ModelSize.Resolve(r.Register.Model.Parameters, r.Register.Model.Family, r.Register.Name) is null).Select(r => r.Register.Name).ToList();
        if (withoutN.Count > 0)
        {
            notes.Add($"N is unknown for {List(withoutN)}: their parameters name no model with a size; give modelSize (e.g. 7B) to place them in the scaling dataset");
        }

        var withoutBatch = runs.Where(r => r.Register.Training.BatchSize is null).Select(r => r.Register.Name).ToList();
        if (withoutBatch.Count > 0)
        {
            notes.Add($"the batch size (prompts per step) is unknown for {List(withoutBatch)}, so D cannot be derived; give batchSize");
        }

        var datasets = runs.SelectMany(r => r.Evaluations).SelectMany(b => b.Evaluations).Select(e => e.Dataset).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (datasets.Count == 0)
        {
            notes.Add("no held-out evaluation was recognised among the metrics (val-core/<dataset>/acc/mean@N, val/test_score/<dataset>, eval/<dataset>/pass@1), so the runs add no scaling points");
        }
        else if (!datasets.Contains(lossDataset))
        {
            notes.Add($"evaluations were recorded for {List(datasets)}, but the study's loss dataset is '{lossDataset}': import with lossDataset={datasets[0]} (or PUT /api/v1/studies/<study>/mapping) to make L = 1 − pass@1 on it");
        }

        return notes;
    }

    private static string List(List<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
}
