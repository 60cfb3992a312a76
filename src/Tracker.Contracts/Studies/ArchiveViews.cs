namespace Tracker.Contracts.Studies;

/// <summary>Body of <c>POST /api/v1/studies/{study}/archive</c>.</summary>
public sealed record ArchiveStudyRequest(string? Reason = null);

/// <summary>When, why and by whom a study was archived (it is read-only since then).</summary>
public sealed record StudyArchiveView(DateTimeOffset At, string Reason, string? By);

/// <summary>The answer to an archive: <see cref="Recorded"/> is false when the study was archived already.</summary>
public sealed record ArchiveStudyResult(string Study, bool Recorded, StudyArchiveView Archived);
