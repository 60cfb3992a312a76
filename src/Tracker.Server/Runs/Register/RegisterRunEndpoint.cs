using Marten;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;
using Tracker.Domain.Validation;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.Commands;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Runs.Register;

public static class RegisterRunEndpoint
{
    /// <summary>201 with the run when new, 200 when the same registration is repeated, 409 when the id is taken by another body.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, RunCommandSender sender, IQuerySession query, ProjectAccess access, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RegisterRunRequest>(http.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        // Only spaces are forgiven: other whitespace (tabs, vertical tabs, line breaks) are control characters the validator refuses.
        var study = request.Study?.Trim(' ') ?? "";
        var name = request.Name?.Trim(' ') ?? "";
        var command = new Contracts.Messaging.RegisterRun(
            request.RunId ?? DeterministicGuid.ForRun(study, name),
            study,
            name,
            request.Model ?? new ModelSpec(),
            request.Training ?? new TrainingSpec(),
            request.Config,
            request.Tags ?? new Dictionary<string, string>(),
            RequestOrigin.Of(http));

        var errors = RunInputValidator.Validate(command);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // The study is named in the body: the caller must be able to write in its project (or create it in its own).
        var allowed = await access.ForStudyAsync(http, study, Scope.Write, creating: true);
        if (!allowed.Allowed)
        {
            return allowed.ToResult();
        }

        command = command with { Origin = RequestOrigin.Of(http) };

        var outcome = await sender.SendAsync(command, cancellationToken);
        if (!outcome.Succeeded)
        {
            return Problems.From(outcome);
        }

        var run = await query.LoadAsync<RunSummary>(command.RunId, cancellationToken);
        var view = run!.ToView();
        return outcome.Status == StatusCodes.Status201Created
            ? Results.Created($"/api/v1/runs/{command.RunId}", view)
            : Results.Ok(view);
    }
}
