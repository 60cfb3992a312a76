using System.Globalization;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Wandb;

/// <summary>Reads a W&amp;B history exported as CSV (<c>run.history()</c> / <c>scan_history()</c> written with pandas,
/// or the UI's export): one row per logged step, the columns <c>_step</c>, <c>_runtime</c>, <c>_timestamp</c> and one
/// per metric (<c>train/reward</c>, <c>val-core/…/mean@1</c> …), empty where a row did not log the metric. The step
/// is <c>train/global_step</c> when the file has it (TRL and OpenRLHF log it; their <c>_step</c> counts log calls),
/// else <c>_step</c>, unless a step column is named. Rows of the same step are merged (the later value wins); text
/// cells (media, tables) are left out. Every row is checked first; errors carry line numbers.</summary>
public static class WandbHistoryCsv
{
    public const string Format = "wandb-csv";
    public const string TimeColumn = "_timestamp";
    public static readonly string[] StepColumns = ["train/global_step", "_step"];

    public static SourceFile Parse(TextReader reader, string runName, IReadOnlyDictionary<string, string> config, string? stepColumn = null, int maxErrors = ImportErrors.DefaultMax)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ImportErrors(maxErrors);
        using var records = CsvRecords.Read(reader).GetEnumerator();
        if (!records.MoveNext() || CsvRecords.IsBlank(records.Current))
        {
            errors.Add("line 1", "the file is empty; expected a W&B history header (_step, _runtime, _timestamp and the metric columns)");
            return SourceFile.Invalid(errors);
        }

        if (WandbColumns.FromHeader(records.Current, stepColumn, errors) is not { } columns)
        {
            return SourceFile.Invalid(errors);
        }

        var rows = new SortedDictionary<long, (Dictionary<string, double> Metrics, DateTimeOffset? Time)>();
        var cells = new CellTally();
        int dataRows = 0, lastLine = records.Current.Line;
        while (records.MoveNext())
        {
            var record = records.Current;
            lastLine = record.Line;
            if (CsvRecords.IsBlank(record))
            {
                continue;
            }

            dataRows++;
            if (ReadRow(record, columns, errors, cells) is not { } row)
            {
                continue;
            }

            if (!rows.TryGetValue(row.Step, out var merged))
            {
                rows[row.Step] = merged = (new Dictionary<string, double>(StringComparer.Ordinal), null);
            }

            foreach (var (key, value) in row.Metrics)
            {
                merged.Metrics[key] = value;
            }

            rows[row.Step] = (merged.Metrics, Later(merged.Time, row.Time));
        }

        if (dataRows == 0 && errors.Count == 0)
        {
            errors.Add($"line {lastLine + 1}", "the file has a header but no rows");
        }

        if (errors.Count > 0)
        {
            return SourceFile.Invalid(errors);
        }

        var steps = rows.Select(r => new SourceStep(r.Key, r.Value.Time, r.Value.Metrics)).ToList();
        var run = new SourceRun(runName, runName, config, new Dictionary<string, string>(), steps, Status: null);
        return new SourceFile([run], [], 0, cells.Notes(dataRows, rows.Count, columns.Step));
    }

    private static (long Step, DateTimeOffset? Time, Dictionary<string, double> Metrics)? ReadRow(CsvRecord record, WandbColumns columns, ImportErrors errors, CellTally cells)
    {
        var at = $"line {record.Line}";
        if (record.Error is { } broken)
        {
            errors.Add(at, broken);
            return null;
        }

        if (record.Fields.Count != columns.Count)
        {
            errors.Add(at, $"has {record.Fields.Count} fields, the header has {columns.Count}");
            return null;
        }

        var before = errors.Count;
        var step = Step(record.Fields[columns.StepIndex].Trim(), $"{at}, {columns.Step}", errors);
        var time = columns.TimeIndex is { } t ? Time(record.Fields[t].Trim(), $"{at}, {TimeColumn}", errors) : null;
        if (errors.Count > before)
        {
            return null;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (index, name) in columns.Metrics)
        {
            if (cells.Read(record.Fields[index], name) is { } value)
            {
                metrics[name] = value;
            }
        }

        return (step, time, metrics);
    }

    private static long Step(string text, string at, ImportErrors errors)
    {
        if (text.Length == 0 || IsMissing(text))
        {
            errors.Add(at, "is empty; every row needs its step");
            return 0;
        }

        // pandas writes an integer column that held a missing value as "12.0".
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) <= Limits.MaxStep)
            {
                step = (long)d;
            }
            else
            {
                errors.Add(at, $"'{Clip(text)}' is not a whole step number");
                return 0;
            }
        }

        if (step is < 0 or > Limits.MaxStep)
        {
            errors.Add(at, $"must be a step in [0, {Limits.MaxStep}], got {step}");
        }

        return step;
    }

    private static DateTimeOffset? Time(string text, string at, ImportErrors errors)
    {
        if (text.Length == 0 || IsMissing(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds is >= 0 and < 253_402_300_800)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        errors.Add(at, $"'{Clip(text)}' is not a Unix time in seconds");
        return null;
    }

    internal static bool IsMissing(string text) =>
        text.Equals("nan", StringComparison.OrdinalIgnoreCase) || text.Equals("none", StringComparison.OrdinalIgnoreCase)
        || text.Equals("null", StringComparison.OrdinalIgnoreCase) || text.Equals("na", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
