using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tracker.Contracts.Audit;
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
    public static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static ReplayRun Replay(string path, ReplayCut cut)
    {
        ArgumentNullException.ThrowIfNull(cut);
        var clock = Stopwatch.StartNew();
        BundleHeader? header = null;
        StudyReplay? study = null;
        long read = 0, replayed = 0;
        foreach (var line in BundleLines.Read(path))
        {
            if (line.Kind == "event" && study is not null)
            {
                read++;
                var e = new BundleEventLine(line);
                if (!StudyReplay.EventTypes.TryGetValue(e.ClrType, out var type))
                {
                    continue;
                }

                var sequence = e.Sequence;
                var timestamp = e.Timestamp;
                if (!cut.Includes(sequence, timestamp))
                {
                    continue;
                }

                study.Apply(Data(e, type), sequence, timestamp);
                replayed++;
            }
            else if (line.Kind == "bundle" && header is null)
            {
                header = line.Root.Deserialize<BundleHeader>(EventJson) ?? throw new BundleFormatException($"line {line.Number}: an empty header");
                study = new StudyReplay(header.Study);
            }
            else if (line.Kind != "manifest")
            {
                throw new BundleFormatException(header is null
                    ? $"line {line.Number}: a bundle starts with its header line (kind \"bundle\")"
                    : $"line {line.Number}: unexpected kind '{line.Kind}'");
            }
        }

        return header is null || study is null
            ? throw new BundleFormatException("the bundle is empty")
            : new ReplayRun(header, study, read, replayed, clock.Elapsed.TotalSeconds);
    }

    private static object Data(BundleEventLine e, Type type)
    {
        try
        {
            return e.Data.Deserialize(type, EventJson) ?? throw new BundleFormatException($"{e.Describe()}: the event has no data");
        }
        catch (JsonException ex)
        {
            throw new BundleFormatException($"{e.Describe()}: the data is not a {e.ClrType} ({ex.Message.Split(" Path:")[0]})");
        }
    }
}
