using System.Globalization;
using System.Text.Json;
using Tracker.Contracts.Runs;

namespace Tracker.Web.Components;

/// <summary>One line that says what an event holds: step ranges for batches instead of thousands of numbers.</summary>
public static class EventText
{
    public const int MaxLength = 160;

    public static string Summarize(RunEventView e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var data = e.Data;
        if (data.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        // The dashboard's reads summarise big batches in the database.
        if (data.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.True)
        {
            return Summary(e.Type, data);
        }

        if (data.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
        {
            return Batch(steps, "step");
        }

        if (data.TryGetProperty("evaluations", out var evaluations) && evaluations.ValueKind == JsonValueKind.Array)
        {
            var datasets = evaluations.EnumerateArray()
                .Select(v => v.TryGetProperty("dataset", out var d) ? d.GetString() : null)
                .Where(d => d is not null)
                .Distinct()
                .ToList();
            return Batch(evaluations, "evaluation") + (datasets.Count > 0 ? " on " + string.Join(", ", datasets) : "");
        }

        var text = data.GetRawText();
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    private static string Summary(string type, JsonElement data)
    {
        var count = data.GetProperty("count").GetInt64();
        var noun = type.Contains("Evaluation", StringComparison.Ordinal) ? "evaluation" : "step";
        var text = string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : noun + "s")}");
        if (data.TryGetProperty("firstStep", out var first) && first.ValueKind == JsonValueKind.Number)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", steps {first.GetInt64()}–{data.GetProperty("lastStep").GetInt64()}");
        }

        var datasets = data.TryGetProperty("datasets", out var d) && d.ValueKind == JsonValueKind.Array
            ? d.EnumerateArray().Select(x => x.GetString()).Where(x => x is not null).ToList()
            : [];
        return datasets.Count > 0 ? text + " on " + string.Join(", ", datasets) : text;
    }

    private static string Batch(JsonElement items, string noun)
    {
        var stepNumbers = items.EnumerateArray()
            .Select(s => s.TryGetProperty("step", out var v) && v.TryGetInt64(out var n) ? n : (long?)null)
            .Where(n => n is not null)
            .Select(n => n!.Value)
            .ToList();
        var count = items.GetArrayLength();
        var plural = count == 1 ? noun : noun + "s";
        return stepNumbers.Count == 0
            ? $"{count} {plural}"
            : string.Create(CultureInfo.InvariantCulture, $"{count} {plural}, steps {stepNumbers.Min()}–{stepNumbers.Max()}");
    }
}
