using System.Globalization;
using Tracker.Cli.Commands;

namespace Tracker.Cli.Import;

/// <summary>The run options shared by the MLflow and W&amp;B imports, as the server's query string:
/// --model-size, --model, --batch-size, --rollout-n, --unique-samples, --status, --loss-dataset.</summary>
public static class ImportQuery
{
    private static readonly (string Option, string Parameter)[] Shared =
    [
        ("model-size", "modelSize"), ("model", "model"), ("batch-size", "batchSize"), ("rollout-n", "rolloutN"),
        ("unique-samples", "uniqueSamples"), ("status", "status"), ("loss-dataset", "lossDataset"),
    ];

    public static string Build(CommandLine line, params (string Parameter, string? Value)[] extra)
    {
        ArgumentNullException.ThrowIfNull(line);
        var pairs = Shared.Select(s => (s.Parameter, line.Option(s.Option))).Concat(extra).Where(p => !string.IsNullOrWhiteSpace(p.Item2));
        var query = string.Join("&", pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}"));
        return query.Length == 0 ? "" : "?" + query;
    }

    /// <summary>What was stored, one line for the file and one per run.</summary>
    public static string Describe(string path, Contracts.Import.RunImportResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var lines = new List<string>
        {
            $"{path} → study {r.Study}: {r.RunsInFile} run{(r.RunsInFile == 1 ? "" : "s")}; stored {r.Runs} new runs, {r.Steps} steps, {r.Evaluations} evaluations; {r.Duplicates} already stored; loss dataset {r.LossDataset}",
        };
        lines.AddRange(r.Imported.Select(run =>
            $"  {run.Name} ({run.SourceRunId}): N {(run.N is { } n ? Size(n) : "unknown")}, batch {run.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, "
            + $"{run.Steps} steps, {run.Evaluations} evaluations ({(run.EvaluationDatasets.Count == 0 ? "none" : string.Join(", ", run.EvaluationDatasets))}), {run.Status}"));
        lines.AddRange(r.Notes.Select(note => "  note: " + note));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>7e9 → 7B, 0.5e9 → 0.5B, 70e6 → 70M.</summary>
    private static string Size(double n) =>
        n >= 1e8 ? (n / 1e9).ToString("G4", CultureInfo.InvariantCulture) + "B"
        : n >= 1e6 ? (n / 1e6).ToString("G4", CultureInfo.InvariantCulture) + "M"
        : n.ToString("G4", CultureInfo.InvariantCulture);
}
