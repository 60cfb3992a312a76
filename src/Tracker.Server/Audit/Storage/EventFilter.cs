namespace Tracker.Server.Audit.Storage;

/// <summary>Which stored events to read. Null members do not filter.</summary>
public sealed record EventFilter
{
    public IReadOnlyCollection<Guid>? Streams { get; init; }

    /// <summary>Stored type names (aliases such as <c>steps_logged</c>).</summary>
    public IReadOnlyCollection<string>? Types { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public long? FromVersion { get; init; }

    public long? FromSequence { get; init; }

    public long? ToSequence { get; init; }

    /// <summary>True: by stream, then version (chains). False: by global sequence (history, bundles).</summary>
    public bool ByStream { get; init; }

    public int? Limit { get; init; }
}
