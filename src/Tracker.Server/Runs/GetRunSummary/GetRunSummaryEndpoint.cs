using Marten;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Runs.GetRunSummary;

public static class GetRunSummaryEndpoint
{
    public static async Task<IResult> HandleAsync(Guid runId, IQuerySession query, CancellationToken cancellationToken) =>
        await query.LoadAsync<RunSummary>(runId, cancellationToken) is { } run
            ? Results.Ok(run.ToView())
            : Problems.NotFound($"run {runId} is not registered");
}
