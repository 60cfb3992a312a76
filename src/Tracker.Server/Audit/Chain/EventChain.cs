using System.Buffers;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Tracker.Domain.Audit;

namespace Tracker.Server.Audit.Chain;

/// <summary>Puts each appended event's chain hash in its "hash" header before the commit. The data is hashed as the
/// store's serializer writes it, so verification can recompute the hash from the stored row alone. The writer also sets
/// the ingestion time, at the store's precision: otherwise inline projections see a finer time than a rebuild from
/// the stored events does.</summary>
public static class EventChain
{
    /// <summary>Stamps the events pending in <paramref name="action"/>, which will be stored at versions
    /// <paramref name="firstVersion"/>, …; returns the hash of the last one (the new head).</summary>
    public static string? Stamp(ISerializer serializer, StreamAction action, long firstVersion, string? previous, AuditMetadata metadata, DateTimeOffset now)
    {
        var version = firstVersion;
        var timestamp = EventHash.AtStorePrecision(now);
        var json = t_json ??= new ArrayBufferWriter<byte>(64 * 1024);
        foreach (var e in action.Events)
        {
            e.Timestamp = timestamp;
            json.ResetWrittenCount();
            serializer.WriteToCleanJson(json, e.Data);
            using var data = JsonDocument.Parse(json.WrittenMemory);
            previous = EventHash.Compute(previous, action.Id, version++, e.EventTypeName, timestamp, data.RootElement, metadata);
            e.SetHeader(EventHash.HeaderKey, previous);
        }

        if (json.Capacity > MaxKeptBuffer)
        {
            t_json = null; // a rare huge batch does not pin its buffer to the thread
        }

        return previous;
    }

    // One serialisation buffer per thread, reused (Stamp does not await): a step batch serialises to hundreds of KiB,
    // and a fresh, growing buffer per event was a chain of large-object allocations and copies per request.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_json;

    private const int MaxKeptBuffer = 1024 * 1024; // a batch of 1,000 steps fits; retained at most this per thread

    /// <summary>The metadata the session will stamp on every event it appends, read back from the session itself
    /// (Marten fills the correlation id from the current trace when nobody set one).</summary>
    public static AuditMetadata MetadataOf(IDocumentSession session, params string[] headerKeys)
    {
        var headers = new Dictionary<string, string>(headerKeys.Length, StringComparer.Ordinal);
        foreach (var key in headerKeys)
        {
            if (session.GetHeader(key) is { } value)
            {
                headers[key] = value.ToString()!;
            }
        }

        return new AuditMetadata(session.CorrelationId, session.CausationId, session.LastModifiedBy, headers);
    }

    /// <summary>The stored hash of the event at <paramref name="version"/>; null when there is none (or version 0).</summary>
    public static async Task<string?> HashAtAsync(IQuerySession session, Guid streamId, long version, CancellationToken ct)
    {
        if (version == 0)
        {
            return null;
        }

        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == streamId && e.Version == version)
            .ToListAsync(ct);
        return events.Count == 0 ? null : HashOf(events[0]);
    }

    /// <summary>Version and stored hash of the stream's last event; (0, null) when the stream does not exist.</summary>
    public static async Task<(long Version, string? Hash)> HeadAsync(IQuerySession session, Guid streamId, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == streamId)
            .OrderByDescending(e => e.Version)
            .Take(1)
            .ToListAsync(ct);
        return events.Count == 0 ? (0, null) : (events[0].Version, HashOf(events[0]));
    }

    public static string? HashOf(IEvent e) =>
        e.Headers is { } headers && headers.TryGetValue(EventHash.HeaderKey, out var value) ? value?.ToString() : null;
}
