using Tracker.Contracts.Runs;
using Tracker.Domain.Validation;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.Commands;

namespace Tracker.Server.Runs.Steps;

public static class LogStepsEndpoint
{
    /// <summary>Steps in any order, any number of times: new ones are stored, identical repeats counted as duplicates,
    /// a stored step with other values is a 409 naming it. The answer comes after the commit.</summary>
    public static async Task<IResult> HandleAsync(Guid runId, HttpContext http, RunCommandSender sender, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<LogStepsRequest>(http.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = RunInputValidator.Validate(body.Value!.Steps);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var outcome = await sender.SendAsync(new Contracts.Messaging.LogSteps(runId, body.Value.Steps!, RequestOrigin.Of(http)), cancellationToken);
        return outcome.Succeeded ? Results.Ok(new IngestResult(runId, outcome.Accepted, outcome.Duplicates)) : Problems.From(outcome);
    }
}
