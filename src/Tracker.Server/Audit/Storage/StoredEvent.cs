using System.Text.Json;
using Tracker.Domain.Audit;

namespace Tracker.Server.Audit.Storage;

/// <summary>One row of the event table as stored, with the data and headers as their raw JSON: audits read what is
/// in the database, not what today's event types make of it.</summary>
public sealed record StoredEvent(
    long Sequence,
    Guid Id,
    Guid StreamId,
    long Version,
    string Type,
    string? DotNetType,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? User,
    IReadOnlyDictionary<string, string> Headers,
    string DataJson)
{
    public string? Hash => Headers.TryGetValue(EventHash.HeaderKey, out var hash) ? hash : null;

    public AuditMetadata Metadata => new(CorrelationId, CausationId, User, Headers);

    /// <summary>The CLR type's short name (<c>StepsLogged</c>), as the other event endpoints show it.</summary>
    public string ClrType => DotNetType is { Length: > 0 } name ? ShortName(name) : Type;

    public static IReadOnlyDictionary<string, string> ParseHeaders(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, string>();
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return new Dictionary<string, string>();
        }

        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
            StringComparer.Ordinal);
    }

    private static string ShortName(string assemblyQualified)
    {
        var full = assemblyQualified.Split(',')[0];
        return full[(full.LastIndexOfAny(['.', '+']) + 1)..];
    }
}
