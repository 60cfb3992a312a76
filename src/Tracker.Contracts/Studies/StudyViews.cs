using Tracker.Contracts.Runs;

namespace Tracker.Contracts.Studies;

/// <summary>A study in the studies list.</summary>
public sealed record StudyView(string Name, DateTimeOffset CreatedAt, int RunCount, IReadOnlyList<double> ModelSizes, DateTimeOffset LastActivity, StudyArchiveView? Archived = null, string Project = "default");

/// <summary>A study with its runs.</summary>
public sealed record StudyDetailView(StudyView Study, IReadOnlyList<RunSummaryView> Runs);
