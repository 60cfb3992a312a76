using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tracker.Contracts.Audit;

namespace Tracker.Domain.Audit;

/// <summary>The hash chain of a stream. An event's hash is SHA-256 (lowercase hex) over the canonical JSON envelope
/// <c>{"scheme":1,"previous":…,"stream":…,"version":…,"type":…,"timestamp":…,"correlationId":…,"causationId":…,
/// "user":…,"headers":{…},"data":…}</c> with the timestamp in microseconds since the Unix epoch (the store's precision)
/// and the data and headers in <see cref="CanonicalJson"/> form. Covering the previous hash makes a change anywhere in
/// a stream visible at that event and breaks every later link.</summary>
public static class EventHash
{
    /// <summary>The event header that carries the hash.</summary>
    public const string HeaderKey = "hash";

    public const int Scheme = 1;

    /// <param name="previous">Hash of the event before in the same stream; null for the first.</param>
    /// <param name="eventType">The event type name as stored (the store's alias, e.g. <c>steps_logged</c>).</param>
    /// <param name="timestamp">The ingestion time as stored; finer than a microsecond is not kept.</param>
    /// <param name="dataJson">The event data as JSON, in any formatting.</param>
    public static string Compute(string? previous, Guid streamId, long version, string eventType, DateTimeOffset timestamp, string dataJson, AuditMetadata metadata)
    {
        using var data = JsonDocument.Parse(dataJson);
        return Compute(previous, streamId, version, eventType, timestamp, data.RootElement, metadata);
    }

    public static string Compute(string? previous, Guid streamId, long version, string eventType, DateTimeOffset timestamp, JsonElement data, AuditMetadata metadata)
    {
        // Streamed into the hash: a step batch's envelope is hundreds of KiB, which buffered would be a large-object
        // allocation (and its growth copies) per event.
        using var hash = new HashingBufferWriter();
        using (var writer = new Utf8JsonWriter(hash, CanonicalJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("scheme", Scheme);
            writer.WriteString("previous", previous);
            writer.WriteString("stream", streamId.ToString("D"));
            writer.WriteNumber("version", version);
            writer.WriteString("type", eventType);
            writer.WriteNumber("timestamp", Microseconds(timestamp));
            writer.WriteString("correlationId", metadata.CorrelationId);
            writer.WriteString("causationId", metadata.CausationId);
            writer.WriteString("user", metadata.User);
            writer.WriteStartObject("headers");
            foreach (var (key, value) in (metadata.Headers ?? new Dictionary<string, string>())
                         .Where(h => h.Key != HeaderKey)
                         .OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("data");
            CanonicalJson.Write(writer, data);
            writer.WriteEndObject();
        }

        return hash.HexDigest();
    }

    /// <summary>Microseconds since the Unix epoch: the precision PostgreSQL keeps.</summary>
    public static long Microseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The time truncated to what the store keeps, so a value used before the commit equals the one read back.</summary>
    public static DateTimeOffset AtStorePrecision(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>SHA-256 over the heads sorted by stream id, one line <c>stream:version:hash</c> each: a single value that
    /// commits to every stream's full history (equal anchors, equal histories).</summary>
    public static string Anchor(IEnumerable<StreamHeadView> heads)
    {
        var text = new StringBuilder();
        foreach (var head in heads.OrderBy(h => h.StreamId.ToString("D"), StringComparer.Ordinal))
        {
            text.Append(head.StreamId.ToString("D")).Append(':').Append(head.Version.ToString(CultureInfo.InvariantCulture)).Append(':').Append(head.Hash).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
