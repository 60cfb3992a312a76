using System.Globalization;
using System.Text.Json;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Mlflow;

/// <summary>Reads one MLflow run document (see <see cref="MlflowExport"/> for the layouts) into a <see cref="SourceRun"/>,
/// recording each problem with its JSON path. The Tracker name is the MLflow run name followed by the first 8
/// characters of the run id, so two runs of the same name (a job started twice) stay two runs.</summary>
internal sealed class MlflowRunReader(ImportErrors errors)
{
    private const int IdPrefixLength = 8;
    private int _nonFinite;

    public SourceRun? Read(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"must be an MLflow run document (an object, as in run.json), got {Kind(element)}");
            return null;
        }

        if (!TryLayout(element, path, out var layout))
        {
            errors.Add(path, "not an MLflow run export: expected 'mlflow.info' (mlflow-export-import ≥ 1.2), 'info' (older exports) or 'run.info' (a runs/get answer)");
            return null;
        }

        var before = errors.Count;
        var info = layout.Info;
        var runId = Text(info, "run_id") ?? Text(info, "run_uuid");
        if (string.IsNullOrWhiteSpace(runId))
        {
            errors.Add(JsonPaths.Property(layout.InfoPath, "run_id"), "is required: the MLflow run id");
        }

        var parameters = Texts(layout.Params, layout.ParamsPath);
        var tags = Texts(layout.Tags, layout.TagsPath);
        var status = Status(info, layout.InfoPath);
        var steps = Metrics(layout.Metrics, layout.MetricsPath);
        if (errors.Count > before)
        {
            return null;
        }

        var runName = Text(info, "run_name") ?? tags.GetValueOrDefault("mlflow.runName");
        return new SourceRun(runId!, Name(runName, runId!), parameters, tags, steps, status);
    }

    public List<string> Notes() =>
        _nonFinite == 0 ? [] : [$"{_nonFinite} NaN or infinite metric value{(_nonFinite == 1 ? " was" : "s were")} left out: Tracker stores finite numbers only"];

    private static string Name(string? runName, string runId)
    {
        var id = runId.Length <= IdPrefixLength ? runId : runId[..IdPrefixLength];
        var name = string.IsNullOrWhiteSpace(runName) ? "mlflow" : runName.Trim();
        var room = Limits.MaxNameLength - id.Length - 1;
        return (name.Length <= room ? name : name[..room]) + "-" + id;
    }

    private static bool TryLayout(JsonElement element, string path, out Layout layout)
    {
        if (Object(element, "mlflow") is { } mlflow && Object(mlflow, "info") is { } v2Info)
        {
            var at = JsonPaths.Property(path, "mlflow");
            layout = new Layout(v2Info, Member(mlflow, "params"), Member(mlflow, "tags"), Member(mlflow, "metrics"), at);
            return true;
        }

        if (Object(element, "info") is { } v1Info)
        {
            layout = new Layout(v1Info, Member(element, "params"), Member(element, "tags"), Member(element, "metrics"), path);
            return true;
        }

        if (Object(element, "run") is { } run && Object(run, "info") is { } restInfo)
        {
            var at = JsonPaths.Property(path, "run");
            var data = Object(run, "data");
            layout = new Layout(restInfo, data is { } d ? Member(d, "params") : null, data is { } t ? Member(t, "tags") : null, Member(element, "metrics"), at)
            {
                ParamsPath = JsonPaths.Property(JsonPaths.Property(at, "data"), "params"),
                TagsPath = JsonPaths.Property(JsonPaths.Property(at, "data"), "tags"),
                MetricsPath = JsonPaths.Property(path, "metrics"),
            };
            return true;
        }

        layout = default!;
        return false;
    }

    /// <summary>Params or tags: an object of name → text, or an array of { key, value }.</summary>
    private Dictionary<string, string> Texts(JsonElement? element, string path)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return texts;
        }

        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in e.EnumerateObject())
            {
                if (Scalar(property.Value) is { } text)
                {
                    texts[property.Name] = text;
                }
                else
                {
                    errors.Add(JsonPaths.Property(path, property.Name), $"must be text, got {Kind(property.Value)}");
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                var at = JsonPaths.Index(path, i++);
                if (Text(item, "key") is { Length: > 0 } key && item.TryGetProperty("value", out var value) && Scalar(value) is { } text)
                {
                    texts[key] = text;
                }
                else
                {
                    errors.Add(at, "must be { \"key\": text, \"value\": text }");
                }
            }
        }
        else
        {
            errors.Add(path, $"must be an object of name → text or an array of {{ key, value }}, got {Kind(e)}");
        }

        return texts;
    }

    /// <summary>Metric histories merged into one row per step; for a key logged twice at a step the later timestamp wins.</summary>
    private List<SourceStep> Metrics(JsonElement? element, string path)
    {
        var rows = new SortedDictionary<long, Dictionary<string, (double Value, long Timestamp)>>();
        if (element is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var history in e.EnumerateObject())
            {
                var at = JsonPaths.Property(path, history.Name);
                if (history.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(at, $"must be the metric's history, an array of {{ value, timestamp, step }}, got {Kind(history.Value)}");
                    continue;
                }

                var i = 0;
                foreach (var point in history.Value.EnumerateArray())
                {
                    Point(rows, history.Name, point, JsonPaths.Index(at, i++));
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var point in e.EnumerateArray())
            {
                var at = JsonPaths.Index(path, i++);
                if (Text(point, "key") is { Length: > 0 } key)
                {
                    Point(rows, key, point, at);
                }
                else
                {
                    errors.Add(JsonPaths.Property(at, "key"), "is required: the metric's name");
                }
            }
        }
        else
        {
            errors.Add(path, $"must be an object of metric name → history, or an array of {{ key, value, timestamp, step }}, got {Kind(e)}");
        }

        return [.. rows.Select(r => new SourceStep(
            r.Key,
            r.Value.Values.Max(v => v.Timestamp) is >= 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            r.Value.ToDictionary(m => m.Key, m => m.Value.Value, StringComparer.Ordinal)))];
    }

    private void Point(SortedDictionary<long, Dictionary<string, (double, long)>> rows, string key, JsonElement point, string at)
    {
        if (point.ValueKind != JsonValueKind.Object)
        {
            errors.Add(at, $"must be {{ value, timestamp, step }}, got {Kind(point)}");
            return;
        }

        var before = errors.Count;
        var value = Value(point, at);
        var step = Integer(point, "step", at, defaultValue: 0);
        var timestamp = Integer(point, "timestamp", at, defaultValue: -1);
        if (step < 0)
        {
            errors.Add(JsonPaths.Property(at, "step"), $"is {step}: Tracker steps start at 0 (MLflow allows negative steps)");
        }
        else if (step > Limits.MaxStep)
        {
            errors.Add(JsonPaths.Property(at, "step"), $"must be at most {Limits.MaxStep}, got {step}");
        }

        if (errors.Count > before || value is not { } v)
        {
            return;
        }

        if (!double.IsFinite(v))
        {
            _nonFinite++;
            return;
        }

        if (!rows.TryGetValue(step, out var row))
        {
            rows[step] = row = new Dictionary<string, (double, long)>(StringComparer.Ordinal);
        }

        if (!row.TryGetValue(key, out var stored) || timestamp >= stored.Item2)
        {
            row[key] = (v, timestamp);
        }
    }

    private double? Value(JsonElement point, string at)
    {
        if (!point.TryGetProperty("value", out var value))
        {
            errors.Add(JsonPaths.Property(at, "value"), "is required");
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        // NaN and infinities: quoted by Python's protobuf JSON and by NonFiniteJson from json.dump's bare words.
        if (value.ValueKind == JsonValueKind.String && value.GetString() is "NaN" or "Infinity" or "-Infinity")
        {
            return double.Parse(value.GetString()!, CultureInfo.InvariantCulture);
        }

        errors.Add(JsonPaths.Property(at, "value"), $"must be a number, got {Kind(value)}");
        return null;
    }

    /// <summary>An int64 as a JSON number or, as protobuf's JSON writes int64, a string of digits.</summary>
    private long Integer(JsonElement point, string name, string at, long defaultValue)
    {
        if (!point.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String && long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        errors.Add(JsonPaths.Property(at, name), $"must be an integer, got {Describe(element)}");
        return defaultValue;
    }

    private string? Status(JsonElement info, string infoPath)
    {
        var status = Text(info, "status");
        switch (status?.ToUpperInvariant())
        {
            case null or "RUNNING" or "SCHEDULED":
                return null;
            case "FINISHED":
                return "completed";
            case "FAILED":
                return "failed";
            case "KILLED":
                return "killed";
            default:
                errors.Add(JsonPaths.Property(infoPath, "status"), $"unknown run status '{status}' (RUNNING, SCHEDULED, FINISHED, FAILED or KILLED)");
                return null;
        }
    }

    private static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static JsonElement? Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "",
        _ => null,
    };

    private static string Describe(JsonElement element) =>
        element.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? element.GetRawText().Length <= 40 ? element.GetRawText() : element.GetRawText()[..40] + "…"
            : Kind(element);

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private sealed record Layout(JsonElement Info, JsonElement? Params, JsonElement? Tags, JsonElement? Metrics, string At)
    {
        public string InfoPath => JsonPaths.Property(At, "info");

        public string ParamsPath { get; init; } = JsonPaths.Property(At, "params");

        public string TagsPath { get; init; } = JsonPaths.Property(At, "tags");

        public string MetricsPath { get; init; } = JsonPaths.Property(At, "metrics");
    }
}
