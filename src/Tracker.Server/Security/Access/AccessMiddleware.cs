using Microsoft.AspNetCore.Authentication;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Access;

/// <summary>Enforces each endpoint's <see cref="AccessRule"/>: 401 without a principal, 404 when the resource's project
/// is not the caller's, 403 when the caller's grant lacks the scope. Endpoints without a rule are left to ASP.NET Core
/// authorization, whose fallback policy requires a signed-in user.</summary>
public sealed class AccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, ProjectAccess access)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<AccessRule>() is not { } rule)
        {
            await next(http);
            return;
        }

        if (!http.User.IsSignedIn())
        {
            await http.ChallengeAsync();
            return;
        }

        var route = http.Request.RouteValues;
        var decision = rule.Resource switch
        {
            // The study is in the route, or in ?study= (imports, verify); without one the whole server is addressed.
            Resource.Study => (route["study"]?.ToString() ?? http.Request.Query["study"].FirstOrDefault()) is { Length: > 0 } study
                ? await access.ForStudyAsync(http, study, rule.Scope, creating: rule.Scope == Scope.Write)
                : ProjectAccess.ForServer(http.User, rule.Scope),
            Resource.Run => Guid.TryParse(route["runId"]?.ToString(), out var runId)
                ? await access.ForRunAsync(http, runId, rule.Scope)
                : new(null, StatusCodes.Status404NotFound, "run not found"),
            Resource.Project => await access.ForProjectAsync(http, route["project"]?.ToString() ?? "", rule.Scope),
            Resource.Server => ProjectAccess.ForServer(http.User, rule.Scope),
            Resource.Delegated => AccessDecision.Allow(ProjectAccess.TargetProject(http)),
            _ => await access.AnywhereAsync(http, rule.Scope),
        };

        if (!decision.Allowed)
        {
            await decision.ToResult().ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
