using Marten;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.GetRunSummary;

namespace Tracker.Server.Audit.TimeTravel;

public static class RunAsOfEndpoint
{
    /// <summary><c>GET /api/v1/runs/{id}?asOf=…|version=…</c>: the run summary folded from the run's events up to that
    /// time (ingestion time) or stream version, by the same projection that keeps the live summary.</summary>
    public static async Task<IResult> HandleAsync(Guid runId, IQuerySession query, CancellationToken ct, DateTimeOffset? asOf = null, long? version = null)
    {
        if (asOf is not null && version is not null)
        {
            return Problems.Invalid("version", "give either asOf or version, not both");
        }

        if (version is < 1)
        {
            return Problems.Invalid("version", "must be at least 1");
        }

        if (await query.Events.AggregateStreamAsync<RunSummary>(runId, version ?? 0, asOf, token: ct) is { } run)
        {
            return Results.Ok(run.ToView());
        }

        var state = await query.Events.FetchStreamStateAsync(runId, ct);
        return state is null ? Problems.NotFound($"run {runId} is not registered")
            : version is { } v ? Problems.NotFound($"run {runId} has {state.Version} events; version {v} does not exist")
            : Problems.NotFound($"run {runId} was not registered yet at {asOf:O}");
    }
}
