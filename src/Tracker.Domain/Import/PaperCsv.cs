using System.Globalization;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import;

/// <summary>Parses the CSV written by the paper's analysis code (extract_csv.py): one row per (run, step), found by
/// header names, so column order and extra columns do not matter. Every row is checked before anything is returned;
/// errors carry the line number. Pure: no IO beyond the reader it is given.</summary>
public static class PaperCsv
{
    public const int DefaultMaxErrors = 20;

    public static PaperCsvFile Parse(string text, int maxErrors = DefaultMaxErrors)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, maxErrors);
    }

    public static PaperCsvFile Parse(TextReader reader, int maxErrors = DefaultMaxErrors)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxErrors, 1);
        var errors = new ErrorList(maxErrors);
        using var records = CsvRecords.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            errors.Add(1, null, $"the file is empty; expected a header line naming at least {string.Join(", ", PaperCsvColumns.Required)}");
            return errors.Result();
        }

        var header = PaperCsvColumns.FromHeader(records.Current, errors);
        if (header is null)
        {
            return errors.Result();
        }

        var runs = new Dictionary<(double N, string RunId, double Tau), Dictionary<long, PaperCsvRow>>();
        int rows = 0, superseded = 0, lastLine = records.Current.Line;
        while (records.MoveNext())
        {
            var record = records.Current;
            lastLine = record.Line;
            if (CsvRecords.IsBlank(record))
            {
                continue;
            }

            rows++;
            if (ReadRow(header, record, errors) is not { } row)
            {
                continue;
            }

            var key = (row.ModelParams, row.RunId, row.SliceFactor);
            if (!runs.TryGetValue(key, out var steps))
            {
                runs[key] = steps = [];
            }

            // Keep the last row of a repeated step: a resumed run logs the steps after its checkpoint again.
            if (steps.ContainsKey(row.Step))
            {
                superseded++;
            }

            steps[row.Step] = row;
        }

        if (rows == 0 && errors.Count == 0)
        {
            errors.Add(lastLine + 1, null, "the file has a header but no data rows");
        }

        var ordered = runs
            .OrderBy(r => r.Key.N).ThenBy(r => r.Key.RunId, StringComparer.Ordinal).ThenBy(r => r.Key.Tau)
            .Select(r => new PaperCsvRun(r.Key.N, r.Key.RunId, r.Key.Tau, [.. r.Value.Values.OrderBy(x => x.Step)]))
            .ToList();
        return errors.Count > 0 ? errors.Result(rows, superseded) : new PaperCsvFile(ordered, rows, superseded, [], 0);
    }

    private static PaperCsvRow? ReadRow(PaperCsvColumns header, CsvRecord record, ErrorList errors)
    {
        var line = record.Line;
        if (record.Error is { } broken)
        {
            errors.Add(line, null, broken);
            return null;
        }

        var fields = record.Fields;
        if (fields.Count != header.Count)
        {
            errors.Add(line, null, $"expected {header.Count} fields as in the header, got {fields.Count}");
            return null;
        }

        var before = errors.Count;
        var cells = new Cells(fields, line, errors);
        var n = cells.Number(header.ModelParams, "model_params", v => v > 0, "must be a positive number of parameters");
        var runId = cells.Text(header.RunId, "runid");
        var tau = header.SliceFactor is { } tauColumn && fields[tauColumn].Trim().Length > 0
            ? cells.Number(tauColumn, "slice_factor", v => v >= 0, "must not be negative (0 = no data reuse)")
            : 0;
        var step = cells.Step(header.Step);
        var tokens = cells.Number(header.Tokens, "tokens", v => v >= 0, "must not be negative");
        var flops = header.StepFlops is { } flopsColumn && fields[flopsColumn].Trim().Length > 0
            ? cells.Number(flopsColumn, "step_flops", v => v >= 0, "must not be negative")
            : (double?)null;
        var score = cells.Number(header.HoldoutScore, "holdout_score", v => v is >= 0 and <= 1, "must be a pass@1 in [0, 1]");
        var rollout = header.RolloutN is { } rolloutColumn ? cells.Rollout(rolloutColumn) : null;
        var experiment = header.ExperimentName is { } experimentColumn ? NullIfEmpty(fields[experimentColumn]) : null;
        if (errors.Count > before)
        {
            return null;
        }

        var name = PaperCsvRun.RunName(n, runId, tau);
        if (name.Length > Limits.MaxNameLength)
        {
            errors.Add(line, "runid", $"too long: the run name '{name[..40]}…' would have {name.Length} characters, at most {Limits.MaxNameLength}");
            return null;
        }

        return new PaperCsvRow(line, n, runId, tau, step, tokens, flops, score, rollout, experiment, Metrics(header, fields));
    }

    private static Dictionary<string, double> Metrics(PaperCsvColumns header, IReadOnlyList<string> fields)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (index, name) in header.Metrics)
        {
            // Extra columns are kept when they hold a number and skipped otherwise: they are not the import's to judge.
            if (double.TryParse(fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                metrics[name] = value;
            }
        }

        return metrics;
    }

    private static string? NullIfEmpty(string value) =>
        string.IsNullOrWhiteSpace(value) || PaperCsvColumns.IsMissingMarker(value.Trim()) ? null : value.Trim();

    /// <summary>Keeps the first errors and counts the rest.</summary>
    internal sealed class ErrorList(int max)
    {
        private readonly List<PaperCsvError> _listed = [];

        public int Count { get; private set; }

        public void Add(int line, string? column, string message)
        {
            Count++;
            if (_listed.Count < max)
            {
                _listed.Add(new PaperCsvError(line, column, message));
            }
        }

        public PaperCsvFile Result(int rows = 0, int superseded = 0) => new([], rows, superseded, _listed, Count);
    }
}
