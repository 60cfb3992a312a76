using System.Text.Json;

namespace Tracker.Contracts.Runs;

/// <summary>One stored event with its audit metadata: who (user), what (type, data), when (timestamp), where (client, host).</summary>
public sealed record RunEventView(
    long Sequence,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? User,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement Data);

/// <summary>A page of events; pass <see cref="NextFromVersion"/> as <c>fromVersion</c> to continue.</summary>
public sealed record EventPage<T>(IReadOnlyList<T> Items, long? NextFromVersion);
