using System.Globalization;
using System.Text;
using System.Text.Json;
using Tracker.Contracts.Audit;
using Tracker.Domain.Audit;

namespace Tracker.Server.Audit.Rebuild;

/// <summary>Compares two documents as canonical JSON (members sorted, numbers exact) and lists the differing leaves by
/// JSON path, so "identical" means byte-identical after canonicalisation and a difference says where.</summary>
public static class DocumentDiff
{
    public const int MaxFields = 20;

    /// <summary>Null when equal.</summary>
    public static List<FieldDifferenceView>? Compare(string storedJson, string rebuiltJson)
    {
        var stored = CanonicalJson.ToBytes(storedJson);
        var rebuilt = CanonicalJson.ToBytes(rebuiltJson);
        if (stored.AsSpan().SequenceEqual(rebuilt))
        {
            return null;
        }

        using var a = JsonDocument.Parse(stored);
        using var b = JsonDocument.Parse(rebuilt);
        var fields = new List<FieldDifferenceView>();
        Walk("$", a.RootElement, b.RootElement, fields);
        return fields.Count > 0 ? fields : [new FieldDifferenceView("$", Encoding.UTF8.GetString(stored), Encoding.UTF8.GetString(rebuilt))];
    }

    private static void Walk(string path, JsonElement stored, JsonElement rebuilt, List<FieldDifferenceView> fields)
    {
        if (fields.Count >= MaxFields)
        {
            return;
        }

        if (stored.ValueKind == JsonValueKind.Object && rebuilt.ValueKind == JsonValueKind.Object)
        {
            var names = stored.EnumerateObject().Select(p => p.Name).Union(rebuilt.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var hasA = stored.TryGetProperty(name, out var x);
                var hasB = rebuilt.TryGetProperty(name, out var y);
                if (hasA && hasB)
                {
                    Walk($"{path}.{name}", x, y, fields);
                }
                else
                {
                    Add(fields, $"{path}.{name}", hasA ? x : null, hasB ? y : null);
                }
            }

            return;
        }

        if (stored.ValueKind == JsonValueKind.Array && rebuilt.ValueKind == JsonValueKind.Array)
        {
            var left = stored.GetArrayLength();
            var right = rebuilt.GetArrayLength();
            for (var i = 0; i < Math.Max(left, right); i++)
            {
                var at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                if (i < left && i < right)
                {
                    Walk(at, stored[i], rebuilt[i], fields);
                }
                else
                {
                    Add(fields, at, i < left ? stored[i] : null, i < right ? rebuilt[i] : null);
                }
            }

            return;
        }

        if (stored.GetRawText() != rebuilt.GetRawText())
        {
            Add(fields, path, stored, rebuilt);
        }
    }

    private static void Add(List<FieldDifferenceView> fields, string path, JsonElement? stored, JsonElement? rebuilt)
    {
        if (fields.Count < MaxFields)
        {
            fields.Add(new FieldDifferenceView(path, stored?.GetRawText(), rebuilt?.GetRawText()));
        }
    }
}
