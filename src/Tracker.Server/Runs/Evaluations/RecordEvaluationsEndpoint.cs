using Tracker.Contracts.Runs;
using Tracker.Domain.Validation;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.Commands;

namespace Tracker.Server.Runs.Evaluations;

public static class RecordEvaluationsEndpoint
{
    public static async Task<IResult> HandleAsync(Guid runId, HttpContext http, RunCommandSender sender, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RecordEvaluationsRequest>(http.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = RunInputValidator.Validate(body.Value!.Evaluations);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var outcome = await sender.SendAsync(new Contracts.Messaging.RecordEvaluations(runId, body.Value.Evaluations!, RequestOrigin.Of(http)), cancellationToken);
        return outcome.Succeeded ? Results.Ok(new IngestResult(runId, outcome.Accepted, outcome.Duplicates)) : Problems.From(outcome);
    }
}
