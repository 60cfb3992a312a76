using Tracker.Contracts.Studies;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Server.Studies.Warnings;

namespace Tracker.Server.Studies.Live;

/// <summary>Refits studies whose data changed, at most once per second per study, on both axes, and records each
/// result as a FitComputed event with the high-water mark of the events it used; raises and clears warnings.
/// Runs where the change subscription runs (the async daemon's node), so one node writes fits.</summary>
public sealed class LiveFitService(StudyChangeSubscription changes, IServiceScopeFactory scopes, StudyWriter writer, ILogger<LiveFitService> logger, Infrastructure.Observability.TrackerMetrics? metrics = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (study, mark) in changes.Dirty.ToArray())
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    var fitted = await RefitAsync(study, mark, stoppingToken);
                    metrics?.FitFinished(fitted ? "fitted" : "waiting", started);
                    if (fitted)
                    {
                        changes.Dirty.TryRemove(new KeyValuePair<string, long>(study, mark));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    metrics?.FitFinished("failed", started);
                    logger.LogError(ex, "Live fit of study {Study} failed; it will be retried", study);
                }
            }
        }
    }

    /// <summary>False while the curve projection has not yet caught up with the change: try again next tick.</summary>
    private async Task<bool> RefitAsync(string study, long mark, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<StudyQueries>();
        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return false;
        }

        var data = await queries.GetDataAsync(summary, ct);
        if (data.HighWaterMark < mark)
        {
            return false;
        }

        var studyId = DeterministicGuid.ForStudy(study);
        var events = new List<object>();
        foreach (var axis in Axis.All)
        {
            if (!summary.LatestFits.TryGetValue(axis, out var last) || last.HighWaterMark < data.HighWaterMark)
            {
                events.Add(new FitComputed(studyId, study, axis, data.HighWaterMark, queries.Fit(data, axis)));
            }
        }

        events.AddRange(WarningChanges(studyId, study, summary.Warnings, WarningRules.Evaluate(data)));
        if (events.Count > 0)
        {
            await writer.AppendAsync(study, events, "tracker/live-fit", ct);
        }

        return true;
    }

    private static IEnumerable<object> WarningChanges(Guid studyId, string study, IReadOnlyList<WarningView> history, List<WarningRules.Condition> now)
    {
        var open = history.Where(w => w.ClearedAt is null).ToList();
        foreach (var c in now.Where(c => !open.Any(w => w.Kind == c.Kind && w.RunId == c.RunId)))
        {
            yield return new WarningRaised(studyId, study, c.Kind, c.RunId, c.Run, c.Message, c.Evidence);
        }

        foreach (var w in open.Where(w => !now.Any(c => c.Kind == w.Kind && c.RunId == w.RunId)))
        {
            yield return new WarningCleared(studyId, study, w.Kind, w.RunId, "the condition no longer holds");
        }
    }
}
