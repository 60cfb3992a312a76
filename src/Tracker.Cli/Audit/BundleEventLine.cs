using System.Globalization;
using System.Text.Json;
using Tracker.Domain.Audit;

namespace Tracker.Cli.Audit;

/// <summary>The members of a bundle's event line (<c>kind: "event"</c>) read straight from the parsed line, without
/// copying the data: what the chain check and the replay need.</summary>
public readonly struct BundleEventLine(BundleLine line)
{
    private readonly JsonElement _root = line.Root;

    public int Number { get; } = line.Number;

    public Guid Stream => Read("stream", static v => v.GetGuid());

    public long Version => Read("version", static v => v.GetInt64());

    public long Sequence => Read("sequence", static v => v.GetInt64());

    /// <summary>The store's event type name (what the hash covers), e.g. <c>steps_logged</c>.</summary>
    public string Type => Read("type", static v => v.GetString()!);

    /// <summary>The CLR type's short name, e.g. <c>StepsLogged</c>.</summary>
    public string ClrType => Read("clrType", static v => v.GetString()!);

    public DateTimeOffset Timestamp => Read("timestamp", static v => v.GetDateTimeOffset());

    public JsonElement Data => Required("data");

    public string? Hash => Optional("hash");

    public AuditMetadata Metadata => new(Optional("correlationId"), Optional("causationId"), Optional("user"), Headers());

    public IReadOnlyDictionary<string, string> Headers()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_root.TryGetProperty("headers", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in element.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
            }
        }

        return headers;
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"line {Number} (stream {Stream}, version {Version}, sequence {Sequence}, {ClrType})");

    private T Read<T>(string name, Func<JsonElement, T> read)
    {
        try
        {
            return read(Required(name));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new BundleFormatException($"line {Number}: the event's '{name}' is not valid ({ex.Message})");
        }
    }

    private JsonElement Required(string name) =>
        _root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new BundleFormatException($"line {Number}: the event has no '{name}'");

    private string? Optional(string name) =>
        _root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
