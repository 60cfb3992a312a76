using System.Text;
using System.Text.Json;
using Tracker.Domain.Studies.Replay;

namespace Tracker.Cli.Audit;

/// <summary>Where the members a replay needs sit in one bundle line: found in a single forward pass of the JSON
/// reader, without building a document, so the event's data is parsed once, by its deserialisation.</summary>
public readonly record struct EventLineHead(string Kind, Type? Type, long Sequence, int TimestampAt, int DataAt, int DataLength)
{
    public bool IsEvent => Kind == "event";

    /// <summary>The event's data as UTF-8 JSON, inside the line it was scanned from.</summary>
    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> line) => DataAt < 0 ? default : line.Slice(DataAt, DataLength);

    /// <summary>The ingestion time, parsed only when asked for (most replays never need it).</summary>
    public DateTimeOffset Timestamp(ReadOnlySpan<byte> line)
    {
        if (TimestampAt < 0)
        {
            throw new JsonException("the event has no timestamp");
        }

        var reader = new Utf8JsonReader(line[TimestampAt..]);
        reader.Read();
        return reader.GetDateTimeOffset();
    }
}

public static class EventLineScanner
{
    private static readonly (byte[] Name, Type Type)[] Folded =
        StudyReplay.EventTypes.Select(p => (Encoding.UTF8.GetBytes(p.Key), p.Value)).ToArray();

    /// <summary>Reads the line's kind and, for an event, its folded type (null: a type the replay skips), sequence and
    /// the positions of its timestamp and data. Throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static EventLineHead Scan(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a bundle line is a JSON object");
        }

        var kind = "";
        Type? type = null;
        long sequence = 0;
        int timestampAt = -1, dataAt = -1, dataLength = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataAt = (int)reader.TokenStartIndex;
                reader.Skip();
                dataLength = (int)reader.BytesConsumed - dataAt;
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = reader.ValueTextEquals("event"u8) ? "event" : reader.GetString() ?? "";
            }
            else if (reader.ValueTextEquals("clrType"u8))
            {
                reader.Read();
                type = TypeOf(ref reader);
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                reader.Read();
                sequence = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                timestampAt = (int)reader.TokenStartIndex;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new EventLineHead(kind, type, sequence, timestampAt, dataAt, dataLength);
    }

    private static Type? TypeOf(ref Utf8JsonReader reader)
    {
        foreach (var (name, type) in Folded)
        {
            if (reader.ValueTextEquals(name))
            {
                return type;
            }
        }

        return null;
    }
}
