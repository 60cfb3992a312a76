using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Infrastructure.Projections;

public static class ProjectionAdminEndpoints
{
    public const int MaxPageSize = 200;

    /// <summary>Every async shard with its state and lag, and a page of dead-lettered events (newest first).</summary>
    public static async Task<IResult> ListAsync(ProjectionStatusReader reader, CancellationToken ct, int offset = 0, int limit = 50)
    {
        if (offset < 0)
        {
            return Problems.Invalid("offset", "must be at least 0");
        }

        if (limit is < 1 or > MaxPageSize)
        {
            return Problems.Invalid("limit", $"must be between 1 and {MaxPageSize}");
        }

        return Results.Ok(await reader.ReadAsync(offset, limit, ct));
    }

    public static async Task<IResult> ResumeAsync(string shard, ProjectionResumer resumer, CancellationToken ct) =>
        await resumer.ResumeAsync(shard, ct) switch
        {
            ResumeOutcome.Resumed r => Results.Ok(r.Shard),
            ResumeOutcome.UnknownShard u => Problems.NotFound(u.Detail),
            ResumeOutcome.NotRunHere n => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Shard not run by this node", detail: n.Detail),
            _ => throw new InvalidOperationException("unreachable"),
        };
}
