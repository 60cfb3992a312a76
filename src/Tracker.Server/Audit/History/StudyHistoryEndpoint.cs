using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.History;

public static class StudyHistoryEndpoint
{
    /// <summary>The study stream's events (mapping changes, fits, warnings) and, with <c>includeRuns=true</c>, every event
    /// of its runs, merged in the order they were stored (global sequence), a page at a time.</summary>
    public static async Task<IResult> HandleAsync(
        string study, StoredEventReader events, EventTypeNames names, CancellationToken ct,
        bool includeRuns = false, string? type = null, DateTimeOffset? from = null, DateTimeOffset? to = null, long fromSequence = 1, int limit = 100)
    {
        if (fromSequence < 1)
        {
            return Problems.Invalid("fromSequence", "must be at least 1");
        }

        if (limit is < 1 or > EventViews.MaxPageSize)
        {
            return Problems.Invalid("limit", $"must be between 1 and {EventViews.MaxPageSize}");
        }

        if (from > to)
        {
            return Problems.Invalid("from", "must not be after to");
        }

        var studyStream = DeterministicGuid.ForStudy(study);
        var streams = includeRuns ? await events.StudyStreamsAsync(studyStream, study, ct) : [studyStream];
        var filter = new EventFilter
        {
            Streams = streams, Types = EventViews.Types(type, names), From = from, To = to, FromSequence = fromSequence, Limit = limit + 1,
        };
        var page = await events.ReadAsync(filter, ct).Select(e => e.ToView()).ToListAsync(ct);
        if (page.Count == 0 && !await events.ExistsAsync(studyStream, ct))
        {
            return Problems.NotFound($"study '{study}' does not exist; studies are created by registering a run in them");
        }

        var items = page.Take(limit).ToList();
        return Results.Ok(new EventPage<RunEventView>(items, null, page.Count > limit ? items[^1].Sequence + 1 : null));
    }
}
