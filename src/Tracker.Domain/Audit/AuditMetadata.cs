namespace Tracker.Domain.Audit;

/// <summary>The metadata an event's hash covers: who (user), why (correlation and causation ids) and where (headers
/// such as client and host; the hash header itself is left out). The ingestion time is the database's and is not covered.</summary>
public sealed record AuditMetadata(string? CorrelationId, string? CausationId, string? User, IReadOnlyDictionary<string, string>? Headers);
