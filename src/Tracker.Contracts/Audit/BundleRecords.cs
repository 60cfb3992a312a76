using System.Text.Json;

namespace Tracker.Contracts.Audit;

// A bundle is JSON Lines: one BundleHeader, then every event as a BundleEvent in global sequence order, then one
// BundleManifest. Each line's "kind" says which. Self-contained: the hashes can be checked and the fits re-derived
// from the file alone.

public static class BundleFormat
{
    public const string Name = "tracker-bundle/1";
    public const string ContentType = "application/x-ndjson";
}

public sealed record BundleHeader(string Kind, string Format, string Study, DateTimeOffset ExportedAt, string ToolVersion);

/// <summary>One stored event: <see cref="Type"/> is the store's event type name (what the hash covers),
/// <see cref="ClrType"/> the name the API shows; <see cref="Headers"/> include the hash.</summary>
public sealed record BundleEvent(
    string Kind,
    Guid Id,
    Guid Stream,
    long Version,
    long Sequence,
    string Type,
    string ClrType,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? User,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement Data,
    string? Hash);

public sealed record BundleManifest(
    string Kind,
    string Format,
    string Study,
    string ToolVersion,
    long Events,
    int Streams,
    IReadOnlyDictionary<string, long> EventsByType,
    long FirstSequence,
    long LastSequence,
    IReadOnlyList<StreamHeadView> Heads,
    string Anchor,
    bool Verified,
    int Breaks);

/// <summary>What an import stored.</summary>
public sealed record BundleImportResult(string Study, long Events, int Streams, bool SequencesPreserved, string Anchor);
