using System.Text.Json;
using Marten;
using Tracker.Contracts.Notifications;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies.Analysis;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Dashboard.History;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;
using Tracker.Server.Studies.Live;
using Tracker.Web.Data;
using Tracker.Web.History;

namespace Tracker.Server.Dashboard;

/// <summary>The dashboard's reads, on the same queries and analysis as the HTTP API. A singleton: every call opens
/// its own scope (and Marten session), so concurrent reads from one circuit never share a session.</summary>
public sealed class DashboardData(IServiceScopeFactory scopes, IDocumentStore store, LiveUpdates live, ILogger<DashboardData> logger) : IDashboardData
{
    private static readonly JsonSerializerOptions Indented = new(TrackerJson.Options) { WriteIndented = true };

    private readonly RunSeries _series = new(store);

    /// <summary>Saturation and forecasts take seconds on a study of a million points; every circuit on the study
    /// shares the latest answer per axis until the data move on.</summary>
    private readonly LatestByKey<(string Study, string Axis), AxisAnalysis> _analyses = new();

    /// <summary>Reading a metric of a million-step run takes about a second in PostgreSQL; keep the downsampled
    /// answer until the run's stream moves on.</summary>
    private readonly LatestByKey<(Guid Run, string Metric, int Points), Task<MetricSeries>> _metrics = new();

    public async Task<IReadOnlyList<StudyListItem>> ListStudiesAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<StudyQueries>();
        var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
        var studies = await queries.ListAsync(ct);
        var runs = await session.Query<RunSummary>().ToListAsync(ct);
        var byStudy = runs.ToLookup(r => r.Study, StringComparer.Ordinal);
        return studies.Select(s => new StudyListItem(
                StudiesEndpoints.ToView(s),
                byStudy[s.Id].Count(r => r.Status == RunStatus.Running),
                byStudy[s.Id].Count(r => r.Status != RunStatus.Running),
                s.LatestFits.GetValueOrDefault(Axis.Compute),
                s.Warnings.Count(w => w.ClearedAt is null)))
            .ToList();
    }

    public async Task<StudyPageData?> GetStudyAsync(string study, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<StudyQueries>();
        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return null;
        }

        var runs = await queries.GetRunsAsync(study, ct);
        var data = await queries.GetDataAsync(summary, ct);
        var open = summary.Warnings.Where(w => w.ClearedAt is null && w.RunId is not null).ToLookup(w => w.RunId!.Value);
        var runViews = runs.Select(r => r.ToView() with { Warnings = open[r.Id].Select(w => w.Kind).ToList() }).ToList();
        return new StudyPageData(
            new StudyDetailView(StudiesEndpoints.ToView(summary), runViews),
            new DatasetView(study, summary.LossDataset, data.Points),
            queries.Fit(data, Axis.Compute),
            queries.Fit(data, Axis.Data),
            StudyAnalysis.Reuse(data.Points, StudyQueries.DefaultReuseThreshold),
            summary.Warnings,
            data.HighWaterMark);
    }

    public async Task<AxisAnalysis?> GetAxisAnalysisAsync(string study, string axis, CancellationToken ct = default)
    {
        axis = Axis.IsValid(axis) ? axis : Axis.Compute;
        await using var scope = scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<StudyQueries>();
        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return null;
        }

        var data = await queries.GetDataAsync(summary, ct);
        return _analyses.Get((study, axis), data.HighWaterMark, () =>
        {
            var curves = data.Curves.ToDictionary(c => c.Id);
            (string, bool) RunOf(Guid id) => curves.TryGetValue(id, out var c) ? (c.Name, c.Finished) : ("?", false);
            return new AxisAnalysis(
                axis,
                data.HighWaterMark,
                StudyAnalysis.Saturation(axis, data.Points),
                // The per-step predictions are not drawn; a long run would carry thousands of them.
                StudyAnalysis.Forecasts(axis, data.Points, RunOf).Select(f => f with { Rest = [] }).ToList());
        });
    }

    public Task<FitView?> GetHoldoutFitAsync(string study, string axis, double heldOutN, CancellationToken ct = default) =>
        WithDataAsync(study, (queries, data) => queries.Fit(data, Axis.IsValid(axis) ? axis : Axis.Compute, heldOutN), ct);

    public Task<CrossoverView?> GetCrossoverAsync(string study, string axis, double a, double b, CancellationToken ct = default) =>
        WithDataAsync(study, (_, data) => StudyAnalysis.Crossover(Axis.IsValid(axis) ? axis : Axis.Compute, data.Points, a, b), ct);

    public Task<PlanView?> GetPlanAsync(string study, double compute, CancellationToken ct = default) =>
        WithDataAsync(study, (_, data) => StudyAnalysis.Plan(Axis.Compute, data.Points, compute), ct);

    public async Task<IReadOnlyList<RunSummaryView>> FindRunsAsync(string? text, int limit, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var query = session.Query<RunSummary>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            query = query.Where(r => r.Name.Contains(t, StringComparison.OrdinalIgnoreCase) || r.Study.Contains(t, StringComparison.OrdinalIgnoreCase));
        }

        var runs = await query.OrderByDescending(r => r.LastActivity).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return runs.Select(r => r.ToView()).ToList();
    }

    public async Task<RunPageData?> GetRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<RunSummary>(runId, ct) is not { } run)
        {
            return null;
        }

        // The page asks for the reward curve next; on a long run that read is the slowest part, so start it now.
        _ = PrefetchAsync(runId);

        var registered = (await session.Events.FetchStreamAsync(runId, version: 1, token: ct)).Select(e => e.Data).OfType<RunRegistered>().FirstOrDefault();
        var config = registered?.Config is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } json
            ? JsonSerializer.Serialize(json, Indented)
            : null;
        var study = await session.LoadAsync<StudySummary>(run.Study, ct);
        var warnings = study?.Warnings.Where(w => w.RunId == runId).ToList() ?? [];
        var view = run.ToView() with { Warnings = warnings.Where(w => w.ClearedAt is null).Select(w => w.Kind).ToList() };
        return new RunPageData(
            view,
            config,
            warnings,
            await _series.MetricNamesAsync(runId, ct),
            await _series.EvaluationsAsync(runId, RunSeries.MaxEvaluationPoints, ct));
    }

    private async Task PrefetchAsync(Guid runId)
    {
        try
        {
            await GetRunMetricAsync(runId, Tracker.Web.Components.MetricPanel.DefaultMetric, Tracker.Web.Components.MetricPanel.MaxPoints, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Prefetching the {Metric} curve of run {RunId} failed", Tracker.Web.Components.MetricPanel.DefaultMetric, runId);
        }
    }

    public async Task<MetricSeries?> GetRunMetricAsync(Guid runId, string metric, int maxPoints, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        if (await session.Events.FetchStreamStateAsync(runId, ct) is not { } state)
        {
            return null;
        }

        maxPoints = Math.Clamp(maxPoints, 16, 20_000);
        var key = (runId, metric, maxPoints);
        try
        {
            return await _metrics.Get(key, state.Version, () => _series.MetricAsync(runId, metric, maxPoints, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.Forget(key, state.Version);
            throw;
        }
    }

    public async Task<EventPage<RunEventView>?> GetRunEventsAsync(Guid runId, long fromVersion, int limit, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Events.FetchStreamStateAsync(runId, ct) is null
            ? null
            : await _series.EventsAsync(runId, fromVersion, Math.Clamp(limit, 1, 1_000), ct);
    }

    public async Task<IReadOnlyDictionary<string, long>?> GetHistoryTypesAsync(HistoryScope scope, CancellationToken ct = default)
    {
        await using var services = scopes.CreateAsyncScope();
        return await HistoryReader(services.ServiceProvider).TypesAsync(scope, ct);
    }

    public async Task<EventPage<RunEventView>?> GetHistoryAsync(HistoryScope scope, IReadOnlyCollection<string>? types, long from, int limit, CancellationToken ct = default)
    {
        await using var services = scopes.CreateAsyncScope();
        return await HistoryReader(services.ServiceProvider).PageAsync(scope, types, from, Math.Clamp(limit, 1, 1_000), ct);
    }

    public async Task<StudyTimeline?> GetStudyTimelineAsync(string study, CancellationToken ct = default)
    {
        await using var services = scopes.CreateAsyncScope();
        return await HistoryReader(services.ServiceProvider).TimelineAsync(study, ct);
    }

    public async Task<StudyAsOf?> GetStudyAsOfAsync(string study, DateTimeOffset asOf, CancellationToken ct = default)
    {
        await using var services = scopes.CreateAsyncScope();
        return await DashboardTimeTravel.ReadAsync(services.ServiceProvider, study, asOf, ct);
    }

    private DashboardHistory HistoryReader(IServiceProvider services) =>
        new(store, services.GetRequiredService<StoredEventReader>(), services.GetRequiredService<EventTypeNames>());

    public IDisposable Subscribe(string? study, Func<StudyChanged, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        void Handler(StudyChanged change)
        {
            if (study is null || string.Equals(change.Study, study, StringComparison.Ordinal))
            {
                _ = NotifyAsync(change);
            }
        }

        // The bus consumer raises this inline: hand off at once and never let one circuit's failure reach another.
        async Task NotifyAsync(StudyChanged change)
        {
            try
            {
                await onChange(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A dashboard listener of study {Study} failed", change.Study);
            }
        }

        live.Changed += Handler;
        return new Subscription(() => live.Changed -= Handler);
    }

    private async Task<T?> WithDataAsync<T>(string study, Func<StudyQueries, StudyData, T> answer, CancellationToken ct)
        where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<StudyQueries>();
        return await queries.GetSummaryAsync(study, ct) is { } summary
            ? answer(queries, await queries.GetDataAsync(summary, ct))
            : null;
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
