using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tracker.Contracts.Audit;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Replay;

namespace Tracker.Cli.Audit;

/// <summary>Where a replay stops: events stored after <see cref="AsOf"/> (ingestion time, as the server's
/// <c>asOf</c>) or after global sequence <see cref="Sequence"/> are left out; null members do not cut.</summary>
public sealed record ReplayCut(DateTimeOffset? AsOf = null, long? Sequence = null)
{
    public bool Includes(long sequence, DateTimeOffset timestamp) => (AsOf is not { } t || timestamp <= t) && (Sequence is not { } s || sequence <= s);
}

/// <summary>What a replay read and folded, and how fast.</summary>
public sealed record ReplayRun(BundleHeader Header, StudyReplay Study, long EventsRead, long EventsReplayed, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? EventsRead / Seconds : 0;
}

/// <summary>Re-derives a study from its bundle alone: each event's data is read into the server's own event type and
/// folded by <see cref="StudyReplay"/>, the code the server's projections and dataset use. No server, no database.</summary>
public static class BundleReplayer
{
    /// <summary>Marten stores the events with these rules (camelCase, enums as strings).</summary>
    public static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(EventJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static ReplayRun Replay(string path, ReplayCut cut)
    {
        ArgumentNullException.ThrowIfNull(cut);
        var clock = Stopwatch.StartNew();
        BundleHeader? header = null;
        StudyReplay? study = null;
        long read = 0, replayed = 0;
        foreach (var (number, memory) in BundleLines.RawLines(path))
        {
            var line = memory.Span;
            var head = Scan(number, line);
            if (head.IsEvent && study is not null)
            {
                read++;
                if (head.Type is not { } type)
                {
                    continue;
                }

                // The time is parsed only where it matters: an as-of cut, or a recorded fit.
                var timestamp = cut.AsOf is not null || type == typeof(FitComputed) ? Timestamp(number, head, line) : default;
                if (!cut.Includes(head.Sequence, timestamp))
                {
                    continue;
                }

                study.Apply(Data(number, head, type, line), head.Sequence, timestamp);
                replayed++;
            }
            else if (head.Kind == "bundle" && header is null)
            {
                header = JsonSerializer.Deserialize<BundleHeader>(line, EventJson) ?? throw new BundleFormatException($"line {number}: an empty header");
                study = new StudyReplay(header.Study);
            }
            else if (head.Kind != "manifest")
            {
                throw new BundleFormatException(header is null
                    ? $"line {number}: a bundle starts with its header line (kind \"bundle\")"
                    : $"line {number}: unexpected kind '{head.Kind}'");
            }
        }

        return header is null || study is null
            ? throw new BundleFormatException("the bundle is empty")
            : new ReplayRun(header, study, read, replayed, clock.Elapsed.TotalSeconds);
    }

    private static EventLineHead Scan(int number, ReadOnlySpan<byte> line)
    {
        try
        {
            return EventLineScanner.Scan(line);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new BundleFormatException($"line {number}: not a bundle line ({ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})");
        }
    }

    private static DateTimeOffset Timestamp(int number, EventLineHead head, ReadOnlySpan<byte> line)
    {
        try
        {
            return head.Timestamp(line);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new BundleFormatException($"line {number} (sequence {head.Sequence}): the timestamp is not a time ({ex.Message})");
        }
    }

    private static object Data(int number, EventLineHead head, Type type, ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(head.Data(line), type, EventJson) ?? throw new BundleFormatException($"line {number} (sequence {head.Sequence}): the event has no data");
        }
        catch (JsonException ex)
        {
            throw new BundleFormatException($"line {number} (sequence {head.Sequence}): the data is not a {type.Name} ({ex.Message.Split(" Path:")[0]})");
        }
    }
}
