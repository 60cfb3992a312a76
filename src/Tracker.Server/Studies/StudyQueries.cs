using Marten;
using Tracker.Contracts.Studies;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Studies;

/// <summary>Everything that can be asked about a study, read from projections and the study's own events.
/// The dashboard uses the same service as the HTTP API.</summary>
public sealed class StudyQueries(IQuerySession session, TimeProvider clock, StudyDataCache cache)
{
    public const double DefaultReuseThreshold = 25;

    public async Task<StudySummary?> GetSummaryAsync(string study, CancellationToken ct)
    {
        var summary = await session.LoadAsync<StudySummary>(study, ct);
        if (summary is not null)
        {
            Join(summary, await session.Query<RunSummary>().Where(r => r.Study == study).ToListAsync(ct));
        }

        return summary;
    }

    /// <summary>Every study; archived ones only when asked for (they are read-only and kept out of the way).</summary>
    public async Task<IReadOnlyList<StudySummary>> ListAsync(CancellationToken ct, bool includeArchived = false)
    {
        var studies = (await session.Query<StudySummary>().OrderBy(s => s.Id).ToListAsync(ct)).Where(s => includeArchived || s.Archived is null).ToList();
        var runs = (await session.Query<RunSummary>().ToListAsync(ct)).ToLookup(r => r.Study);
        foreach (var study in studies)
        {
            Join(study, runs[study.Id]);
        }

        return studies;
    }

    /// <summary>Runs, sizes and last activity of a study, from its runs' summaries (each written by one writer).</summary>
    private static void Join(StudySummary study, IEnumerable<RunSummary> runs)
    {
        var ordered = runs.OrderBy(r => r.RegisteredAt).ToList();
        study.RunIds = ordered.Select(r => r.Id).ToList();
        study.ModelSizes = ordered.Where(r => r.Model.Parameters is not null).Select(r => r.Model.Parameters!.Value).Distinct().Order().ToList();
        study.LastActivity = ordered.Select(r => r.LastActivity).Append(study.CreatedAt).Max();
    }

    public async Task<IReadOnlyList<RunSummary>> GetRunsAsync(string study, CancellationToken ct) =>
        await session.Query<RunSummary>().Where(r => r.Study == study).OrderBy(r => r.RegisteredAt).ToListAsync(ct);

    public async Task<StudyData> GetDataAsync(StudySummary summary, CancellationToken ct)
    {
        // One small query (duplicated columns, no curve is read) tells which runs changed since the cached derivation.
        var heads = await session.Query<RunCurve>().Where(c => c.Study == summary.Id)
            .Select(c => new CurveHead(c.Id, c.LastSequence)).ToListAsync(ct);
        var mark = Math.Max(summary.MappingSequence, heads.Count == 0 ? 0 : heads.Max(h => h.LastSequence));
        if (cache.TryGet(summary.Id, mark, summary.LossDataset, out var cached))
        {
            return cached with { Summary = summary };
        }

        // Curves are immutable between two sequences: only the runs that moved are read again.
        var kept = cache.Latest(summary.Id)?.Curves.ToDictionary(c => c.Id) ?? [];
        var curves = new List<RunCurve>(heads.Count);
        var moved = new List<Guid>();
        foreach (var head in heads)
        {
            if (kept.TryGetValue(head.Id, out var curve) && curve.LastSequence == head.LastSequence)
            {
                curves.Add(curve);
            }
            else
            {
                moved.Add(head.Id);
            }
        }

        if (moved.Count > 0)
        {
            curves.AddRange(await session.LoadManyAsync<RunCurve>(ct, moved));
        }

        var points = ScalingDataset.Build(curves, summary.LossDataset);
        var highWaterMark = Math.Max(summary.MappingSequence, curves.Count == 0 ? 0 : curves.Max(c => c.LastSequence));
        var data = new StudyData(summary, curves, points, highWaterMark);
        cache.Set(data);
        return data;
    }

    public FitView Fit(StudyData data, string axis, double? holdout = null) =>
        data.Fits.GetOrAdd(axis, holdout, () => StudyAnalysis.Fit(data.Summary.Id, axis, data.Points, data.HighWaterMark, clock.GetUtcNow(), holdout));

    /// <summary>The fit the server had recorded at that time: the newest FitComputed on or before it.</summary>
    public async Task<FitView?> FitAsOfAsync(string study, string axis, DateTimeOffset asOf, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(DeterministicGuid.ForStudy(study), timestamp: asOf, token: ct);
        return events.Select(e => e.Data).OfType<FitComputed>().LastOrDefault(f => f.Axis == axis)?.Fit;
    }

    public async Task<IReadOnlyList<FitView>> FitHistoryAsync(string study, string axis, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(DeterministicGuid.ForStudy(study), token: ct);
        return events.Select(e => e.Data).OfType<FitComputed>().Where(f => f.Axis == axis).Select(f => f.Fit).ToList();
    }

    public async Task<StudyOverviewView> OverviewAsync(StudySummary summary, CancellationToken ct)
    {
        var runs = await GetRunsAsync(summary.Id, ct);
        var data = await GetDataAsync(summary, ct);
        return new StudyOverviewView(
            new StudyDetailView(StudiesEndpoints.ToView(summary), runs.Select(r => r.ToView()).ToList()),
            new DatasetView(summary.Id, summary.LossDataset, data.Points),
            Fit(data, Axis.Compute),
            Fit(data, Axis.Data),
            summary.Warnings);
    }
}

/// <summary>Which run curve moved last, read without the curve itself.</summary>
public sealed record CurveHead(Guid Id, long LastSequence);

/// <summary>A study's curves and points as read together, with the last event sequence they reflect.</summary>
public sealed record StudyData(StudySummary Summary, IReadOnlyList<RunCurve> Curves, IReadOnlyList<ScalingPointView> Points, long HighWaterMark)
{
    public FitMemo Fits { get; } = new();
}
