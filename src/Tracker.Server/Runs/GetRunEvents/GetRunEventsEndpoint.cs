using System.Text.Json;
using Marten;
using Tracker.Contracts.Runs;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Runs.GetRunEvents;

public static class GetRunEventsEndpoint
{
    public const int MaxPageSize = 1_000;

    /// <summary>The run's events in stream order with their audit metadata, a page at a time.</summary>
    public static async Task<IResult> HandleAsync(Guid runId, IQuerySession query, CancellationToken cancellationToken, long fromVersion = 1, int limit = 100)
    {
        if (fromVersion < 1)
        {
            return Problems.Invalid("fromVersion", "must be at least 1");
        }

        if (limit is < 1 or > MaxPageSize)
        {
            return Problems.Invalid("limit", $"must be between 1 and {MaxPageSize}");
        }

        var page = await query.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == runId && e.Version >= fromVersion)
            .OrderBy(e => e.Version)
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        if (page.Count == 0 && await query.Events.FetchStreamStateAsync(runId, cancellationToken) is null)
        {
            return Problems.NotFound($"run {runId} is not registered");
        }

        var items = page.Take(limit).Select(e => new RunEventView(
                e.Sequence,
                e.Version,
                e.EventType.Name,
                e.Timestamp,
                e.CorrelationId,
                e.CausationId,
                e.UserName,
                e.Headers?.ToDictionary(h => h.Key, h => h.Value?.ToString() ?? "") ?? [],
                JsonSerializer.SerializeToElement(e.Data, e.EventType, TrackerJson.Options)))
            .ToList();
        var next = page.Count > limit ? items[^1].Version + 1 : (long?)null;
        return Results.Ok(new EventPage<RunEventView>(items, next));
    }
}
