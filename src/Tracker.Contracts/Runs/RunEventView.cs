using System.Text.Json;

namespace Tracker.Contracts.Runs;

/// <summary>One stored event with its audit metadata: who (user), what (type, data), when (timestamp), where (client, host).
/// <see cref="Hash"/> is its link in the stream's hash chain; <see cref="StreamId"/> is set where events of several
/// streams are listed together.</summary>
public sealed record RunEventView(
    long Sequence,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? User,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement Data,
    string? Hash = null,
    Guid? StreamId = null);

/// <summary>A page of events; pass <see cref="NextFromVersion"/> as <c>fromVersion</c> to continue (or
/// <see cref="NextFromSequence"/> as <c>fromSequence</c> where events of several streams are merged by sequence).</summary>
public sealed record EventPage<T>(IReadOnlyList<T> Items, long? NextFromVersion, long? NextFromSequence = null);
