using System.Text.Json;
using Tracker.Contracts.Runs;
using Tracker.Server.Audit.Storage;

namespace Tracker.Server.Audit.History;

public static class EventViews
{
    public const int MaxPageSize = 1_000;

    /// <summary>The stored event as the API shows it: the data exactly as stored, every header, the chain hash.</summary>
    public static RunEventView ToView(this StoredEvent e)
    {
        using var data = JsonDocument.Parse(e.DataJson);
        return new RunEventView(e.Sequence, e.Version, e.ClrType, e.Timestamp, e.CorrelationId, e.CausationId, e.User, e.Headers, data.RootElement.Clone(), e.Hash, e.StreamId);
    }

    /// <summary>Stored names for a comma-separated list of event types (CLR or stored names); null for no filter.</summary>
    public static IReadOnlyCollection<string>? Types(string? type, EventTypeNames names) =>
        string.IsNullOrWhiteSpace(type)
            ? null
            : type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(names.Resolve).ToList();
}
