using Tracker.Web.Data;

namespace Tracker.Web.History;

/// <summary>Whose history: one run's stream (in version order), or a study's stream and, with
/// <see cref="IncludeRuns"/>, the streams of its runs, merged in the order the events were stored.</summary>
public sealed record HistoryScope(Guid? RunId, string? Study, bool IncludeRuns = true)
{
    public static HistoryScope OfRun(Guid runId) => new(runId, null, false);

    public static HistoryScope OfStudy(string study, bool includeRuns = true) => new(null, study, includeRuns);

    /// <summary>Pages continue by stream version (one run) rather than by global sequence (a study).</summary>
    public bool ByVersion => RunId is not null;
}

/// <summary>The span of a study's history (its own events and its runs'), for the time slider; the id of the study's
/// own stream tells its events from its runs' in a merged history.</summary>
public sealed record StudyTimeline(Guid StudyStream, DateTimeOffset First, DateTimeOffset Last, long Events);

/// <summary>The study as it was at <see cref="AsOf"/>: the dataset folded from the events stored by then, and per axis
/// the fit the server had recorded by then (<see cref="ComputeFitRecordedAt"/>, <see cref="DataFitRecordedAt"/>), or,
/// when none was recorded yet, the fit of that dataset (recorded-at null).</summary>
public sealed record StudyAsOf(DateTimeOffset AsOf, StudyPageData Page, DateTimeOffset? ComputeFitRecordedAt, DateTimeOffset? DataFitRecordedAt)
{
    public DateTimeOffset? RecordedAt(string axis) => axis == Axes.Data ? DataFitRecordedAt : ComputeFitRecordedAt;
}
