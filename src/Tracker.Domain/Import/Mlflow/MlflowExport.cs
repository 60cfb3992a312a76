using System.Text.Json;
using Tracker.Domain.Import.Runs;

namespace Tracker.Domain.Import.Mlflow;

/// <summary>Reads MLflow runs as exported by mlflow-export-import (<c>export-run</c>, <c>export-experiment</c>): the
/// body is one <c>run.json</c> document or a JSON array of them. Accepted layouts of a run document:
/// <list type="bullet">
/// <item>mlflow-export-import ≥ 1.2: <c>{ "system": {…}, "mlflow": { "info", "params", "metrics", "tags" } }</c>;</item>
/// <item>older exports: <c>{ "export_info": {…}, "info", "params", "metrics", "tags" }</c>;</item>
/// <item>the REST answers bundled: <c>{ "run": &lt;runs/get "run"&gt;, "metrics": { key: &lt;metrics/get-history "metrics"&gt; } }</c>.</item>
/// </list>
/// <c>params</c> and <c>tags</c> are objects (name → text) or arrays of <c>{ key, value }</c>; <c>metrics</c> maps each
/// key to its history <c>[{ value, timestamp, step }]</c>, or is an array of <c>{ key, value, timestamp, step }</c>.
/// Everything is checked before anything is returned; each error names its JSON path.</summary>
public static class MlflowExport
{
    public const string Format = "mlflow";

    public static SourceFile Parse(ReadOnlySpan<byte> utf8Json, int maxErrors = ImportErrors.DefaultMax)
    {
        var errors = new ImportErrors(maxErrors);
        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            errors.Add("$", "the body is empty; send a run.json of mlflow-export-import, or a JSON array of them");
            return SourceFile.Invalid(errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(NonFiniteJson.Quote(utf8Json), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            errors.Add("$", $"malformed JSON: {ex.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ')} (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})");
            return SourceFile.Invalid(errors);
        }

        using (document)
        {
            var root = document.RootElement;
            var elements = root.ValueKind == JsonValueKind.Array
                ? root.EnumerateArray().Select((e, i) => (Element: e, Path: JsonPaths.Index("$", i))).ToList()
                : [(root, "$")];
            if (elements.Count == 0)
            {
                errors.Add("$", "the array holds no runs");
                return SourceFile.Invalid(errors);
            }

            var reader = new MlflowRunReader(errors);
            var runs = new List<SourceRun>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (element, path) in elements)
            {
                if (reader.Read(element, path) is not { } run)
                {
                    continue;
                }

                if (seen.TryGetValue(run.SourceId, out var first))
                {
                    errors.Add(path, $"the same MLflow run ({run.SourceId}) as {first}");
                    continue;
                }

                seen[run.SourceId] = path;
                runs.Add(run);
            }

            return errors.Count > 0 ? SourceFile.Invalid(errors) : new SourceFile(runs, [], 0, reader.Notes());
        }
    }
}
