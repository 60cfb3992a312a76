using System.Text.Json;
using Tracker.Contracts.Audit;

namespace Tracker.Domain.Audit;

/// <summary>Walks one stream's events in version order and recomputes its chain. Keeps the first break only:
/// every later link depends on it. Events stored before the stream was ever hashed (an older store) are counted as
/// unhashed, not as breaks; once a hash is seen, a missing one is a break.</summary>
public sealed class StreamChain(Guid streamId)
{
    private string? _expected;
    private bool _hashed;

    public Guid StreamId { get; } = streamId;

    public long Version { get; private set; }

    /// <summary>The stored hash of the last event seen.</summary>
    public string? Head { get; private set; }

    public long Events { get; private set; }

    public long Unhashed { get; private set; }

    public ChainBreakView? Break { get; private set; }

    public void Add(long version, long sequence, string type, DateTimeOffset timestamp, JsonElement data, AuditMetadata metadata, string? storedHash)
    {
        Events++;
        if (Break is null)
        {
            Check(version, sequence, type, timestamp, data, metadata, storedHash);
        }

        Version = version;
        Head = storedHash;
    }

    private void Check(long version, long sequence, string type, DateTimeOffset timestamp, JsonElement data, AuditMetadata metadata, string? storedHash)
    {
        if (version != Version + 1)
        {
            Break = new ChainBreakView(StreamId, version, sequence, type,
                version <= Version ? $"version {version} appears again after version {Version}" : $"versions {Version + 1}–{version - 1} are missing before this event",
                storedHash, null);
            return;
        }

        if (storedHash is null)
        {
            if (_hashed)
            {
                Break = new ChainBreakView(StreamId, version, sequence, type, "the event has no hash although earlier events of its stream have", null, null);
            }
            else
            {
                Unhashed++;
            }

            return;
        }

        var expected = EventHash.Compute(_expected, StreamId, version, type, timestamp, data, metadata);
        if (!string.Equals(expected, storedHash, StringComparison.Ordinal))
        {
            Break = new ChainBreakView(StreamId, version, sequence, type,
                "the stored hash does not match the event's data, type, time, metadata and the hash of the event before it", storedHash, expected);
            return;
        }

        _expected = expected;
        _hashed = true;
    }

    public StreamHeadView ToHead() => new(StreamId, Version, Head);
}
