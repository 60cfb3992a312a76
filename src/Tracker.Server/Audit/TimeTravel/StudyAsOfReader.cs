using JasperFx.Events;
using Marten;
using Marten.Events;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Audit.TimeTravel;

/// <summary>A study as it was: its summary (runs, loss mapping, fits and warnings) and each run's curve, folded from the
/// events stored up to a time or a global sequence by the live projections' own code.</summary>
public sealed record StudyState(StudySummary Summary, IReadOnlyList<RunCurve> Curves)
{
    /// <summary>The last event the dataset reflects, as the live answer computes it.</summary>
    public long HighWaterMark => Math.Max(Summary.MappingSequence, Curves.Count == 0 ? 0 : Curves.Max(c => c.LastSequence));
}

public static class StudyAsOfReader
{
    /// <summary>Null when the study did not exist at the cut.</summary>
    public static async Task<StudyState?> ReadAsync(string study, IQuerySession query, StoredEventReader events, DateTimeOffset? asOf, long? sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(events);
        var studyId = DeterministicGuid.ForStudy(study);
        var streams = await events.StudyStreamsAsync(studyId, study, ct);
        var summaries = await Cut(query.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId) && e.EventTypesAre(DatasetAsOfEndpoint.SummaryEvents)), asOf, sequence)
            .AggregateToManyAsync<StudySummary>(ct);
        if (summaries.SingleOrDefault(s => s.Id == study) is not { } summary)
        {
            return null;
        }

        // Every run stream of the study; a run registered after the cut has no events before it and yields no curve.
        var runs = streams.Where(id => id != studyId).ToList();
        var curves = runs.Count == 0
            ? []
            : await Cut(query.Events.QueryAllRawEvents().Where(e => runs.Contains(e.StreamId)), asOf, sequence).AggregateToManyAsync<RunCurve>(ct);
        return new StudyState(summary, curves);
    }

    private static IQueryable<IEvent> Cut(IQueryable<IEvent> events, DateTimeOffset? asOf, long? sequence) =>
        (asOf is { } time ? events.Where(e => e.Timestamp <= time) : sequence is { } s ? events.Where(e => e.Sequence <= s) : events)
        .OrderBy(e => e.Sequence);
}
