using Marten;
using Tracker.Contracts.Runs;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.History;

public static class StreamEventsEndpoint
{
    /// <summary>Any stream's events (run or study) with who/what/when/where and the chain hash, filtered by type and
    /// time, a page at a time in version order.</summary>
    public static async Task<IResult> HandleAsync(
        Guid streamId, StoredEventReader events, EventTypeNames names, IQuerySession query, CancellationToken ct,
        string? type = null, DateTimeOffset? from = null, DateTimeOffset? to = null, long fromVersion = 1, int limit = 100)
    {
        if (fromVersion < 1)
        {
            return Problems.Invalid("fromVersion", "must be at least 1");
        }

        if (limit is < 1 or > EventViews.MaxPageSize)
        {
            return Problems.Invalid("limit", $"must be between 1 and {EventViews.MaxPageSize}");
        }

        if (from > to)
        {
            return Problems.Invalid("from", "must not be after to");
        }

        var filter = new EventFilter
        {
            Streams = [streamId], Types = EventViews.Types(type, names), From = from, To = to, FromVersion = fromVersion, ByStream = true, Limit = limit + 1,
        };
        var page = await events.ReadAsync(filter, ct).Select(e => e.ToView()).ToListAsync(ct);
        if (page.Count == 0 && await query.Events.FetchStreamStateAsync(streamId, ct) is null)
        {
            return Problems.NotFound($"stream {streamId} does not exist");
        }

        var items = page.Take(limit).ToList();
        return Results.Ok(new EventPage<RunEventView>(items, page.Count > limit ? items[^1].Version + 1 : null));
    }
}
