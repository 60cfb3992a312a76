using Tracker.Contracts.Notifications;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;

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

    /// <summary>Calls <paramref name="onChange"/> for every change of the study (every study when null), on a
    /// background thread; dispose to stop.</summary>
    IDisposable Subscribe(string? study, Func<StudyChanged, Task> onChange);
}
