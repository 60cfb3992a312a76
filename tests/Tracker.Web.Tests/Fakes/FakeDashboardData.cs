using System.Collections.Concurrent;
using Tracker.Contracts.Notifications;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Web.Data;
using Tracker.Web.History;

namespace Tracker.Web.Tests.Fakes;

/// <summary>A test double of the dashboard's data interface: answers from dictionaries, counts reads, and lets a
/// test raise change notifications the way the server's bus consumer does (from another thread).</summary>
public sealed class FakeDashboardData : IDashboardData
{
    private readonly ConcurrentDictionary<int, (string? Study, Func<StudyChanged, Task> OnChange)> _subscribers = new();
    private int _nextSubscriber;

    public FakeDashboardData() =>
        Analysis = (study, axis) => Pages.TryGetValue(study, out var page) ? Views.Analysis(page, axis) : null;

    public List<StudyListItem> Studies { get; } = [];

    public ConcurrentDictionary<string, StudyPageData> Pages { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<Guid, RunPageData> Runs { get; } = new();

    public ConcurrentDictionary<(Guid, string), MetricSeries> Metrics { get; } = new();

    public ConcurrentDictionary<Guid, List<RunEventView>> Events { get; } = new();

    public Func<string, double, PlanView?> Plan { get; set; } = (_, _) => null;

    public Func<string, double, double, CrossoverView?> Crossover { get; set; } = (_, _, _) => null;

    public Exception? Failure { get; set; }

    private int _studyReads;

    public int StudyReads => Volatile.Read(ref _studyReads);

    public int SubscriberCount => _subscribers.Count;

    public Task<IReadOnlyList<StudyListItem>> ListStudiesAsync(CancellationToken ct = default) => Answer<IReadOnlyList<StudyListItem>>(Studies.ToList());

    public Task<StudyPageData?> GetStudyAsync(string study, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _studyReads);
        return Answer(Pages.GetValueOrDefault(study));
    }

    /// <summary>Analyses by (study, axis); by default derived from the study's page.</summary>
    public Func<string, string, AxisAnalysis?> Analysis { get; set; }

    /// <summary>When set, analyses wait for it: the page must show the chart before them.</summary>
    public Task? AnalysisGate { get; set; }

    public async Task<AxisAnalysis?> GetAxisAnalysisAsync(string study, string axis, CancellationToken ct = default)
    {
        if (AnalysisGate is { } gate)
        {
            await gate;
        }

        return await Answer(Analysis(study, axis));
    }

    public Task<FitView?> GetHoldoutFitAsync(string study, string axis, double heldOutN, CancellationToken ct = default) =>
        Answer(Pages.GetValueOrDefault(study)?.Fit(axis));

    public Task<CrossoverView?> GetCrossoverAsync(string study, string axis, double a, double b, CancellationToken ct = default) => Answer(Crossover(study, a, b));

    public Task<PlanView?> GetPlanAsync(string study, double compute, CancellationToken ct = default) => Answer(Plan(study, compute));

    public Task<IReadOnlyList<RunSummaryView>> FindRunsAsync(string? text, int limit, CancellationToken ct = default) =>
        Answer<IReadOnlyList<RunSummaryView>>(Runs.Values.Select(r => r.Run)
            .Where(r => string.IsNullOrWhiteSpace(text) || r.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || r.Study.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Take(limit)
            .ToList());

    public Task<RunPageData?> GetRunAsync(Guid runId, CancellationToken ct = default) => Answer(Runs.GetValueOrDefault(runId));

    public Task<MetricSeries?> GetRunMetricAsync(Guid runId, string metric, int maxPoints, CancellationToken ct = default) =>
        Answer(Metrics.GetValueOrDefault((runId, metric)));

    public Task<EventPage<RunEventView>?> GetRunEventsAsync(Guid runId, long fromVersion, int limit, CancellationToken ct = default)
    {
        if (!Events.TryGetValue(runId, out var all))
        {
            return Answer<EventPage<RunEventView>?>(null);
        }

        var page = all.Where(e => e.Version >= fromVersion).Take(limit + 1).ToList();
        var items = page.Take(limit).ToList();
        return Answer<EventPage<RunEventView>?>(new EventPage<RunEventView>(items, page.Count > limit ? items[^1].Version + 1 : null));
    }

    /// <summary>A study's merged history (its own and its runs' events) in sequence order; a run's history is <see cref="Events"/>.</summary>
    public ConcurrentDictionary<string, List<RunEventView>> StudyHistory { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, StudyTimeline> Timelines { get; } = new(StringComparer.Ordinal);

    /// <summary>The study as of a moment; every call is recorded in <see cref="AsOfReads"/>.</summary>
    public Func<string, DateTimeOffset, StudyAsOf?> AsOf { get; set; } = (_, _) => null;

    public ConcurrentQueue<(string Study, DateTimeOffset At)> AsOfReads { get; } = new();

    public ConcurrentQueue<(HistoryScope Scope, IReadOnlyCollection<string>? Types, long From)> HistoryReads { get; } = new();

    public Task<IReadOnlyDictionary<string, long>?> GetHistoryTypesAsync(HistoryScope scope, CancellationToken ct = default) =>
        Answer(HistoryOf(scope) is { } events
            ? (IReadOnlyDictionary<string, long>?)events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => (long)g.Count())
            : null);

    public Task<EventPage<RunEventView>?> GetHistoryAsync(HistoryScope scope, IReadOnlyCollection<string>? types, long from, int limit, CancellationToken ct = default)
    {
        HistoryReads.Enqueue((scope, types, from));
        if (HistoryOf(scope) is not { } events)
        {
            return Answer<EventPage<RunEventView>?>(null);
        }

        long Cursor(RunEventView e) => scope.ByVersion ? e.Version : e.Sequence;
        var page = events.Where(e => Cursor(e) >= from && (types is null || types.Contains(e.Type))).Take(limit + 1).ToList();
        var items = page.Take(limit).ToList();
        long? next = page.Count > limit ? Cursor(items[^1]) + 1 : null;
        return Answer<EventPage<RunEventView>?>(scope.ByVersion ? new EventPage<RunEventView>(items, next) : new EventPage<RunEventView>(items, null, next));
    }

    public Task<StudyTimeline?> GetStudyTimelineAsync(string study, CancellationToken ct = default) => Answer(Timelines.GetValueOrDefault(study));

    public Task<StudyAsOf?> GetStudyAsOfAsync(string study, DateTimeOffset asOf, CancellationToken ct = default)
    {
        AsOfReads.Enqueue((study, asOf));
        return Answer(AsOf(study, asOf));
    }

    private List<RunEventView>? HistoryOf(HistoryScope scope) =>
        scope.RunId is { } run ? Events.GetValueOrDefault(run)
        : StudyHistory.TryGetValue(scope.Study!, out var all) ? scope.IncludeRuns ? all : all.Where(e => e.StreamId == StudyStream(scope.Study!)).ToList()
        : null;

    /// <summary>The id the fake gives a study's own stream.</summary>
    public Guid StudyStream(string study) => _studyStreams.GetOrAdd(study, _ => Guid.NewGuid());

    private readonly ConcurrentDictionary<string, Guid> _studyStreams = new(StringComparer.Ordinal);

    public IDisposable Subscribe(string? study, Func<StudyChanged, Task> onChange)
    {
        var id = Interlocked.Increment(ref _nextSubscriber);
        _subscribers[id] = (study, onChange);
        return new Unsubscribe(() => _subscribers.TryRemove(id, out _));
    }

    /// <summary>Notifies like the bus consumer: on a thread-pool thread, not the renderer's.</summary>
    public Task RaiseAsync(string study, string kind = StudyChanged.RunProgressed, Guid? runId = null) =>
        Task.Run(async () =>
        {
            var change = new StudyChanged(study, kind, runId, 1, DateTimeOffset.UtcNow);
            foreach (var (_, (filter, onChange)) in _subscribers)
            {
                if (filter is null || filter == study)
                {
                    await onChange(change);
                }
            }
        });

    private Task<T> Answer<T>(T value) => Failure is { } failure ? Task.FromException<T>(failure) : Task.FromResult(value);

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
