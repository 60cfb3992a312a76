using System.Text.Json;
using Tracker.Domain.Import.Runs;

namespace Tracker.Domain.Import.Wandb;

/// <summary>A W&amp;B run config given next to its history (the run's <c>config</c> as JSON, or <c>config.yaml</c>
/// converted to JSON), flattened to dotted names such as <c>actor_rollout_ref.model.path</c>. The
/// <c>{ "desc": …, "value": … }</c> wrapping of config.yaml is removed and W&amp;B's own <c>_wandb</c> entry skipped.</summary>
public static class WandbConfig
{
    public const int MaxEntries = 10_000;

    public static Dictionary<string, string> Flatten(ReadOnlySpan<byte> utf8Json, ImportErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("config", "must be a JSON object: the run's config, name → value");
                return flat;
            }

            Add(flat, "", document.RootElement);
        }
        catch (JsonException ex)
        {
            errors.Add("config", $"malformed JSON: {ex.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ')} (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})");
        }

        return flat;
    }

    private static void Add(Dictionary<string, string> flat, string prefix, JsonElement value)
    {
        if (flat.Count >= MaxEntries)
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object when IsWrapped(value):
                Add(flat, prefix, value.GetProperty("value"));
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject().Where(p => !p.Name.StartsWith("_wandb", StringComparison.Ordinal)))
                {
                    Add(flat, prefix.Length == 0 ? property.Name : prefix + "." + property.Name, property.Value);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Add(flat, prefix + "." + i++, item);
                }

                break;
            case JsonValueKind.String:
                flat[prefix] = value.GetString()!;
                break;
            case JsonValueKind.Null:
                flat[prefix] = "";
                break;
            default:
                flat[prefix] = value.GetRawText();
                break;
        }
    }

    private static bool IsWrapped(JsonElement value) =>
        value.TryGetProperty("value", out _) && value.EnumerateObject().All(p => p.Name is "value" or "desc");
}
