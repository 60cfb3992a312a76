namespace Tracker.Domain.Studies;

/// <summary>The only way out for a study: nothing is deleted, an archived study becomes read-only and leaves the studies
/// list, while its history, exports and verification stay available. Physical removal is an operator's action outside
/// Tracker (docs/audit.md).</summary>
public sealed record StudyArchived(Guid StudyId, string Study, string Reason, string? By);
