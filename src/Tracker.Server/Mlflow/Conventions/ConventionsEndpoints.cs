using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Domain.Conventions;
using Tracker.Domain.Identity;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Mlflow.Conventions;

/// <summary><c>GET|PUT /api/v1/studies/{study}/conventions</c>: the study's own names for model, batch size, reward,
/// tokens, held-out evaluations… on top of the built-in veRL and TRL ones. A PUT is an event on the study stream.</summary>
public static class ConventionsEndpoints
{
    public static async Task<IResult> GetAsync(string study, IQuerySession query, CancellationToken ct)
    {
        if (await query.LoadAsync<StudySummary>(study, ct) is null)
        {
            return StudiesEndpoints.UnknownStudy(study);
        }

        var stored = await query.LoadAsync<StudyConventions>(study, ct);
        return Results.Ok(stored?.Mapping ?? ConventionMapping.None);
    }

    public static async Task<IResult> PutAsync(string study, HttpContext http, IQuerySession query, StudyWriter writer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ConventionMapping>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = TrainingConventions.Validate(body.Value!);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (await query.LoadAsync<StudySummary>(study, ct) is null)
        {
            return StudiesEndpoints.UnknownStudy(study);
        }

        var user = http.User.Identity?.Name;
        await writer.AppendAsync(study, [new ConventionsMapped(DeterministicGuid.ForStudy(study), study, body.Value!, user)], user, ct);
        return Results.Ok(body.Value);
    }
}
