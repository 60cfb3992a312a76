using Tracker.Domain.Import.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Wandb;

/// <summary>Where the step, the time and each metric sit in a W&amp;B history CSV, found from the header.
/// Columns starting with <c>_</c> are W&amp;B's own (<c>_runtime</c>, <c>_wandb</c> …) and are not metrics.</summary>
internal sealed class WandbColumns
{
    private WandbColumns(int count, string step, int stepIndex, int? timeIndex, List<(int, string)> metrics)
    {
        Count = count;
        Step = step;
        StepIndex = stepIndex;
        TimeIndex = timeIndex;
        Metrics = metrics;
    }

    public int Count { get; }

    public string Step { get; }

    public int StepIndex { get; }

    public int? TimeIndex { get; }

    public IReadOnlyList<(int Index, string Name)> Metrics { get; }

    public static WandbColumns? FromHeader(CsvRecord header, string? stepColumn, ImportErrors errors)
    {
        if (header.Error is { } broken)
        {
            errors.Add($"line {header.Line}", "header: " + broken);
            return null;
        }

        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
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
                errors.Add($"line {header.Line}, {name}", "the column appears more than once in the header");
            }
        }

        var step = stepColumn ?? WandbHistoryCsv.StepColumns.FirstOrDefault(byName.ContainsKey);
        if (step is null || !byName.TryGetValue(step, out var stepIndex))
        {
            errors.Add(
                $"line {header.Line}",
                stepColumn is null
                    ? $"no step column: expected _step (or train/global_step), or name the column that holds the step (found: {Preview(byName.Keys)})"
                    : $"the step column '{stepColumn}' is not in the header (found: {Preview(byName.Keys)})");
            return null;
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var metrics = byName
            .Where(c => c.Key != step && !c.Key.StartsWith('_') && c.Key.Length <= Limits.MaxNameLength)
            .OrderBy(c => c.Value)
            .Select(c => (c.Value, c.Key))
            .ToList();
        return new WandbColumns(header.Fields.Count, step, stepIndex, byName.TryGetValue(WandbHistoryCsv.TimeColumn, out var time) ? time : null, metrics);
    }

    private static string Preview(IEnumerable<string> names)
    {
        var list = names.Take(12).ToList();
        return list.Count == 0 ? "no column names" : string.Join(", ", list) + (names.Skip(12).Any() ? ", …" : "");
    }
}
