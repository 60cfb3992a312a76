using Tracker.Domain.Validation;

namespace Tracker.Domain.Import;

/// <summary>Where each column the import reads sits in a paper CSV, found from the header by name (case-insensitive).
/// Numeric columns the import does not interpret become step metrics.</summary>
internal sealed class PaperCsvColumns
{
    public static readonly string[] Required = ["model_params", "runid", "step", "tokens", "holdout_score"];

    // Read by the import, or deliberately left out of the metrics: labels, ids, and the cumulative columns the
    // server derives itself from the per-step values (after deduplication, which is where the paper computes them too).
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "model_params", "runid", "step", "tokens", "holdout_score", "slice_factor", "step_flops", "rollout_n",
        "experiment_name", "model_size", "data_sample_size", "experiment_id", "cumulative_tokens", "cumulative_flops",
    };

    private PaperCsvColumns(int count, Dictionary<string, int> byName, List<(int, string)> metrics)
    {
        Count = count;
        ModelParams = byName["model_params"];
        RunId = byName["runid"];
        Step = byName["step"];
        Tokens = byName["tokens"];
        HoldoutScore = byName["holdout_score"];
        SliceFactor = byName.TryGetValue("slice_factor", out var tau) ? tau : null;
        StepFlops = byName.TryGetValue("step_flops", out var flops) ? flops : null;
        RolloutN = byName.TryGetValue("rollout_n", out var rollout) ? rollout : null;
        ExperimentName = byName.TryGetValue("experiment_name", out var experiment) ? experiment : null;
        Metrics = metrics;
    }

    public int Count { get; }

    public int ModelParams { get; }

    public int RunId { get; }

    public int Step { get; }

    public int Tokens { get; }

    public int HoldoutScore { get; }

    public int? SliceFactor { get; }

    public int? StepFlops { get; }

    public int? RolloutN { get; }

    public int? ExperimentName { get; }

    public IReadOnlyList<(int Index, string Name)> Metrics { get; }

    /// <summary>pandas writes a missing value as an empty field, or as one of these when told to.</summary>
    public static bool IsMissingMarker(string value) =>
        value.Equals("nan", StringComparison.OrdinalIgnoreCase) || value.Equals("none", StringComparison.OrdinalIgnoreCase)
        || value.Equals("null", StringComparison.OrdinalIgnoreCase) || value.Equals("na", StringComparison.OrdinalIgnoreCase);

    public static PaperCsvColumns? FromHeader(CsvRecord header, PaperCsv.ErrorList errors)
    {
        if (header.Error is { } broken)
        {
            errors.Add(header.Line, null, "header: " + broken);
            return null;
        }

        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var metrics = new List<(int, string)>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim();
            // pandas' unnamed index column ("" or "Unnamed: 0") carries row numbers, not data.
            if (name.Length == 0 || name.StartsWith("Unnamed:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!byName.TryAdd(name, i))
            {
                errors.Add(header.Line, name, "the column appears more than once in the header");
                continue;
            }

            if (!Known.Contains(name) && name.Length <= Limits.MaxNameLength && metrics.Count < Limits.MaxMetricsPerStep)
            {
                metrics.Add((i, name));
            }
        }

        foreach (var required in Required)
        {
            if (!byName.ContainsKey(required))
            {
                errors.Add(header.Line, required, $"required column missing from the header (found: {Preview(byName.Keys)})");
            }
        }

        return errors.Count > 0 ? null : new PaperCsvColumns(header.Fields.Count, byName, metrics);
    }

    private static string Preview(IEnumerable<string> names)
    {
        var list = names.Take(12).ToList();
        return list.Count == 0 ? "no column names" : string.Join(", ", list) + (names.Skip(12).Any() ? ", …" : "");
    }
}
