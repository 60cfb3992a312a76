using System.Data;
using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Tracker.Contracts.Audit;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Audit.Rebuild;

/// <summary>Rebuilds every read model in memory from the events with the projections' own code and compares each with
/// the stored document. Everything is read in one repeatable-read snapshot, so writes during the check cannot show as
/// differences; the async run curves are compared with the events their projection had processed in that snapshot.</summary>
public sealed class RebuildChecker(IDocumentStore store, EventTypeNames names)
{
    private const int RunsPerRead = 100;

    private static readonly Type[] StudySummaryEvents =
        [typeof(StudyCreated), typeof(RunRegistered), typeof(ScalingVariablesMapped), typeof(FitComputed), typeof(WarningRaised), typeof(WarningCleared), typeof(StudyArchived)];

    public async Task<RebuildReport> CheckAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var session = store.LightweightSession(IsolationLevel.RepeatableRead);
        await session.BeginTransactionAsync(ct);
        var schema = store.Options.Events.DatabaseSchemaName;
        var curveCeiling = (await session.AdvancedSql.QueryAsync<long>(
            $"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '{nameof(RunCurve)}:%'", ct)).Single();
        var runs = await session.AdvancedSql.QueryAsync<Guid>(
            $"select stream_id from {schema}.mt_events where type = '{names.RunRegistered}' order by seq_id", ct);

        var differences = new List<DocumentDifferenceView>();
        var serializer = store.Options.Serializer();
        var options = ((DocumentStore)store).Options.Projections;
        var summaries = options.AggregatorFor<RunSummary>();
        var curves = options.AggregatorFor<RunCurve>();
        long replayed = 0;
        foreach (var chunk in runs.Distinct().Chunk(RunsPerRead))
        {
            var events = await session.Events.QueryAllRawEvents().Where(e => chunk.Contains(e.StreamId)).OrderBy(e => e.Sequence).ToListAsync(ct);
            replayed += events.Count;
            var storedSummaries = (await session.Query<RunSummary>().Where(x => chunk.Contains(x.Id)).ToListAsync(ct)).ToDictionary(x => x.Id);
            var storedCurves = (await session.Query<RunCurve>().Where(x => chunk.Contains(x.Id)).ToListAsync(ct)).ToDictionary(x => x.Id);
            foreach (var stream in events.GroupBy(e => e.StreamId))
            {
                var all = stream.ToList();
                var processed = all.Where(e => e.Sequence <= curveCeiling).ToList();
                Compare(differences, serializer, nameof(RunSummary), stream.Key.ToString(), storedSummaries.GetValueOrDefault(stream.Key), await summaries.BuildAsync(all, session, null, ct));
                Compare(differences, serializer, nameof(RunCurve), stream.Key.ToString(), storedCurves.GetValueOrDefault(stream.Key),
                    processed.Count == 0 ? null : await curves.BuildAsync(processed, session, null, ct));
            }
        }

        // Documents with no run behind them.
        var known = runs.ToHashSet();
        var orphanSummaries = await session.Query<RunSummary>().Where(x => !known.Contains(x.Id)).ToListAsync(ct);
        var orphanCurves = await session.Query<RunCurve>().Where(x => !known.Contains(x.Id)).ToListAsync(ct);
        differences.AddRange(orphanSummaries.Select(x => Unexpected(nameof(RunSummary), x.Id.ToString())));
        differences.AddRange(orphanCurves.Select(x => Unexpected(nameof(RunCurve), x.Id.ToString())));

        // Run registrations feed the study summaries too; they were counted with the runs.
        replayed += await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(StudySummaryEvents)).CountAsync(ct) - runs.Count;
        var rebuiltStudies = (await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(StudySummaryEvents)).OrderBy(e => e.Sequence)
            .AggregateToManyAsync<StudySummary>(ct)).ToDictionary(x => x.Id, StringComparer.Ordinal);
        var storedStudies = (await session.Query<StudySummary>().ToListAsync(ct)).ToDictionary(x => x.Id, StringComparer.Ordinal);
        foreach (var id in rebuiltStudies.Keys.Union(storedStudies.Keys).Order(StringComparer.Ordinal))
        {
            Compare(differences, serializer, nameof(StudySummary), id, storedStudies.GetValueOrDefault(id), rebuiltStudies.GetValueOrDefault(id));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new RebuildReport(
            differences.Count == 0,
            new Dictionary<string, int>
            {
                [nameof(RunSummary)] = known.Count + orphanSummaries.Count,
                [nameof(RunCurve)] = known.Count + orphanCurves.Count,
                [nameof(StudySummary)] = rebuiltStudies.Keys.Union(storedStudies.Keys).Count(),
            },
            replayed,
            differences,
            seconds,
            seconds > 0 ? replayed / seconds : 0);
    }

    private static void Compare(List<DocumentDifferenceView> differences, ISerializer serializer, string document, string id, object? stored, object? rebuilt)
    {
        switch (stored, rebuilt)
        {
            case (null, null):
                return;
            case (null, _):
                differences.Add(new DocumentDifferenceView(document, id, "missing", []));
                return;
            case (_, null):
                differences.Add(Unexpected(document, id));
                return;
        }

        if (DocumentDiff.Compare(serializer.ToJson(stored), serializer.ToJson(rebuilt)) is { } fields)
        {
            differences.Add(new DocumentDifferenceView(document, id, "changed", fields));
        }
    }

    private static DocumentDifferenceView Unexpected(string document, string id) => new(document, id, "unexpected", []);
}
