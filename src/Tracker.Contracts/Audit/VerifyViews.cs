namespace Tracker.Contracts.Audit;

/// <summary>The last event of one stream and its stored hash: what the chain of that stream commits to.</summary>
public sealed record StreamHeadView(Guid StreamId, long Version, string? Hash);

/// <summary>The first event of a stream whose stored hash does not match the one recomputed from the events before it
/// and its own data, type and metadata (or that is missing from the sequence of versions).</summary>
public sealed record ChainBreakView(Guid StreamId, long Version, long Sequence, string Type, string Reason, string? StoredHash, string? ExpectedHash);

/// <summary>Result of recomputing hash chains. <see cref="Anchor"/> is a hash over the sorted stream heads: two stores
/// (or a store and a bundle) hold the same history exactly when their anchors are equal.</summary>
public sealed record VerifyReport(
    bool Ok,
    string Scope,
    int Streams,
    long Events,
    long UnhashedEvents,
    ChainBreakView? FirstBreak,
    IReadOnlyList<ChainBreakView> Breaks,
    IReadOnlyList<StreamHeadView> Heads,
    string Anchor,
    double Seconds,
    double EventsPerSecond);
