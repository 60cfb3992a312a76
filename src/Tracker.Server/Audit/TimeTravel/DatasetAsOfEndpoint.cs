using JasperFx.Events;
using Marten;
using Marten.Events;
using Tracker.Contracts.Studies;
using Tracker.Domain.Identity;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Audit.TimeTravel;

public static class DatasetAsOfEndpoint
{
    /// <summary>The events the study summary projection folds.</summary>
    public static readonly Type[] SummaryEvents =
        [typeof(StudyCreated), typeof(RunRegistered), typeof(ScalingVariablesMapped), typeof(FitComputed), typeof(WarningRaised), typeof(WarningCleared), typeof(StudyArchived)];

    /// <summary><c>GET /api/v1/studies/{study}/dataset?asOf=…|sequence=…</c>: the study (its runs and loss mapping) and
    /// each run's curve folded from the events stored up to then by the live projections' own code, then the same
    /// dataset derivation as the live answer.</summary>
    public static async Task<IResult> HandleAsync(string study, IQuerySession query, StoredEventReader events, CancellationToken ct, DateTimeOffset? asOf = null, long? sequence = null)
    {
        if (asOf is not null && sequence is not null)
        {
            return Problems.Invalid("sequence", "give either asOf or sequence, not both");
        }

        var streams = await events.StudyStreamsAsync(DeterministicGuid.ForStudy(study), study, ct);
        var summaries = await Cut(query.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId) && e.EventTypesAre(SummaryEvents)), asOf, sequence)
            .AggregateToManyAsync<StudySummary>(ct);
        if (summaries.SingleOrDefault(s => s.Id == study) is not { } summary)
        {
            return Problems.NotFound($"study '{study}' did not exist at {(asOf is { } t ? t.ToString("O") : $"sequence {sequence}")}");
        }

        // Every run stream of the study; a run registered after the cut has no events before it and yields no curve.
        var studyId = DeterministicGuid.ForStudy(study);
        var runs = streams.Where(id => id != studyId).ToList();
        var curves = runs.Count == 0
            ? []
            : await Cut(query.Events.QueryAllRawEvents().Where(e => runs.Contains(e.StreamId)), asOf, sequence).AggregateToManyAsync<RunCurve>(ct);
        return Results.Ok(new DatasetView(study, summary.LossDataset, ScalingDataset.Build(curves, summary.LossDataset)));
    }

    private static IQueryable<IEvent> Cut(IQueryable<IEvent> events, DateTimeOffset? asOf, long? sequence) =>
        (asOf is { } time ? events.Where(e => e.Timestamp <= time) : sequence is { } s ? events.Where(e => e.Sequence <= s) : events)
        .OrderBy(e => e.Sequence);
}
