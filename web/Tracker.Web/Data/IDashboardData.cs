using Tracker.Contracts.Notifications;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Web.History;

namespace Tracker.Web.Data;

/// <summary>What the dashboard reads. The server implements it on its own queries; the UI never sees the store.
/// Every answer is a contracts view (or a record made of them), so pages can be tested with a fake.</summary>
public interface IDashboardData
{
    Task<IReadOnlyList<StudyListItem>> ListStudiesAsync(CancellationToken ct = default);

    /// <summary>Null when the study does not exist.</summary>
    Task<StudyPageData?> GetStudyAsync(string study, CancellationToken ct = default);

    /// <summary>Saturation and forecasts on one axis (null when the study does not exist).</summary>
    Task<AxisAnalysis?> GetAxisAnalysisAsync(string study, string axis, CancellationToken ct = default);

    /// <summary>The study fitted without one size, which is then predicted (null when the study does not exist).</summary>
    Task<FitView?> GetHoldoutFitAsync(string study, string axis, double heldOutN, CancellationToken ct = default);

    Task<CrossoverView?> GetCrossoverAsync(string study, string axis, double a, double b, CancellationToken ct = default);

    /// <summary>The best size for a compute budget in FLOPs.</summary>
    Task<PlanView?> GetPlanAsync(string study, double compute, CancellationToken ct = default);

    /// <summary>Runs of any study whose name or study contains <paramref name="text"/> (all when empty), most
    /// recently active first.</summary>
    Task<IReadOnlyList<RunSummaryView>> FindRunsAsync(string? text, int limit, CancellationToken ct = default);

    /// <summary>Null when the run is not registered.</summary>
    Task<RunPageData?> GetRunAsync(Guid runId, CancellationToken ct = default);

    /// <summary>One metric of a run over steps, downsampled on the server to at most <paramref name="maxPoints"/>.</summary>
    Task<MetricSeries?> GetRunMetricAsync(Guid runId, string metric, int maxPoints, CancellationToken ct = default);

    Task<EventPage<RunEventView>?> GetRunEventsAsync(Guid runId, long fromVersion, int limit, CancellationToken ct = default);

    /// <summary>How many events of each type (CLR name, e.g. StepsLogged) the scope holds; null when it does not exist.</summary>
    Task<IReadOnlyDictionary<string, long>?> GetHistoryTypesAsync(HistoryScope scope, CancellationToken ct = default);

    /// <summary>A page of the scope's events with who/when/where, oldest first, only of <paramref name="types"/> (CLR names;
    /// all when null). <paramref name="from"/> is a stream version for a run, a global sequence for a study; the page
    /// says where the next one starts. Batches are summarised (counts and step ranges), not listed. Null when the scope
    /// does not exist.</summary>
    Task<EventPage<RunEventView>?> GetHistoryAsync(HistoryScope scope, IReadOnlyCollection<string>? types, long from, int limit, CancellationToken ct = default);

    /// <summary>When the study's history starts and ends (null when the study does not exist).</summary>
    Task<StudyTimeline?> GetStudyTimelineAsync(string study, CancellationToken ct = default);

    /// <summary>The study's dataset and fits as of a moment, by the server's time-travel code (null when the study did
    /// not exist then).</summary>
    Task<StudyAsOf?> GetStudyAsOfAsync(string study, DateTimeOffset asOf, CancellationToken ct = default);

    /// <summary>Calls <paramref name="onChange"/> for every change of the study (every study when null), on a
    /// background thread; dispose to stop.</summary>
    IDisposable Subscribe(string? study, Func<StudyChanged, Task> onChange);
}
