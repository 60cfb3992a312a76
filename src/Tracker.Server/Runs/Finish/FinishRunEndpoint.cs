using Marten;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.Commands;
using Tracker.Server.Runs.GetRunSummary;

namespace Tracker.Server.Runs.Finish;

public static class FinishRunEndpoint
{
    /// <summary>Finishing twice with the same status is a no-op; with another status a 409.</summary>
    public static async Task<IResult> HandleAsync(Guid runId, HttpContext http, RunCommandSender sender, IQuerySession query, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<FinishRunRequest>(http.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        if (!RunDecider.TryParseFinalStatus(request.Status, out _))
        {
            return Problems.Invalid("status", $"must be completed, failed or killed, got '{request.Status}'");
        }

        if (request.Reason is { Length: > 5_000 })
        {
            return Problems.Invalid("reason", "at most 5000 characters");
        }

        var outcome = await sender.SendAsync(new Contracts.Messaging.FinishRun(runId, request.Status!, request.Reason, RequestOrigin.Of(http)), cancellationToken);
        if (!outcome.Succeeded)
        {
            return Problems.From(outcome);
        }

        var run = await query.LoadAsync<RunSummary>(runId, cancellationToken);
        return Results.Ok(run!.ToView());
    }
}
