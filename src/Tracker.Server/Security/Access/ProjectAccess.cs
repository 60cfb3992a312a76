using System.Security.Claims;
using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Projects;

namespace Tracker.Server.Security.Access;

/// <summary>The outcome of an access check: allowed in a project, or the answer to give instead.</summary>
public sealed record AccessDecision(string? Project, int Status, string? Detail)
{
    public bool Allowed => Status == StatusCodes.Status200OK;

    public static AccessDecision Allow(string project) => new(project, StatusCodes.Status200OK, null);

    public IResult ToResult() => Results.Problem(statusCode: Status, detail: Detail, title: Status switch
    {
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        _ => "Bad request",
    });
}

/// <summary>Decides whether a caller may act on a study, a run or a project. A caller with no grant in the owning
/// project gets "not found": other projects' data does not exist for it. A grant without the scope gets "forbidden".</summary>
public sealed class ProjectAccess(ResourceProjects owners, ProjectStore projects)
{
    public const string ProjectHeader = "X-Tracker-Project";
    private const string ItemKey = "tracker:project";

    /// <summary>The project an allowed request acts in (set by <see cref="AccessMiddleware"/> or a handler's check).</summary>
    public static string? ProjectOf(HttpContext http) => http.Items[ItemKey] as string;

    /// <summary>Where a caller creates things: the X-Tracker-Project header or ?project=, else its only project, else the default.</summary>
    public static string TargetProject(HttpContext http)
    {
        var named = http.Request.Headers[ProjectHeader].FirstOrDefault() ?? http.Request.Query["project"].FirstOrDefault();
        if (!string.IsNullOrEmpty(named))
        {
            return named;
        }

        var own = http.User.Grants().Select(g => g.Project).Where(p => p != Grant.AllProjects).Distinct().Take(2).ToList();
        return own.Count == 1 ? own[0] : Projects.Projects.Default;
    }

    public async Task<AccessDecision> ForStudyAsync(HttpContext http, string study, Scope scope, bool creating = false)
    {
        var owner = await owners.OfStudyAsync(study, http.RequestAborted);
        if (owner is null)
        {
            // Nothing to hide: the caller acts in its own project, where the study would be created (or is missing).
            return await InTargetAsync(http, scope);
        }

        if (creating && !http.User.Sees(owner))
        {
            return new(null, StatusCodes.Status409Conflict, $"the study name '{study}' is taken by another project; choose another name");
        }

        return Remember(http, Decide(http.User, owner, scope, $"study '{study}' not found"));
    }

    public async Task<AccessDecision> ForRunAsync(HttpContext http, Guid runId, Scope scope)
    {
        var owner = await owners.OfRunAsync(runId, http.RequestAborted);
        return owner is null
            ? await InTargetAsync(http, scope)
            : Remember(http, Decide(http.User, owner, scope, $"run {runId} not found"));
    }

    public async Task<AccessDecision> ForProjectAsync(HttpContext http, string project, Scope scope)
    {
        var decision = Decide(http.User, project, scope, $"project '{project}' not found");
        if (decision.Allowed && !await projects.ExistsAsync(project, http.RequestAborted))
        {
            return new(null, StatusCodes.Status404NotFound, $"project '{project}' not found");
        }

        return Remember(http, decision);
    }

    /// <summary>For listings and body-addressed endpoints: the scope somewhere is enough here; the handler filters or checks.</summary>
    public async Task<AccessDecision> AnywhereAsync(HttpContext http, Scope scope) =>
        http.User.CanAnywhere(scope)
            ? Remember(http, AccessDecision.Allow(await ValidTargetAsync(http) ?? Projects.Projects.Default))
            : new(null, StatusCodes.Status403Forbidden, $"this needs the '{scope.Name()}' scope");

    public static AccessDecision ForServer(ClaimsPrincipal user, Scope scope) =>
        user.Grants().Any(g => g.Project == Grant.AllProjects && g.Scope.Includes(scope))
            ? AccessDecision.Allow(Grant.AllProjects)
            : new(null, StatusCodes.Status403Forbidden, $"this needs a server-wide '{scope.Name()}' grant");

    private async Task<AccessDecision> InTargetAsync(HttpContext http, Scope scope)
    {
        var target = TargetProject(http);
        if (Projects.Projects.Problem(target) is { } problem)
        {
            return new(null, StatusCodes.Status400BadRequest, $"{ProjectHeader}: {problem}");
        }

        var decision = Decide(http.User, target, scope, $"project '{target}' not found");
        if (decision.Allowed && !await projects.ExistsAsync(target, http.RequestAborted))
        {
            return new(null, StatusCodes.Status404NotFound, $"project '{target}' not found");
        }

        return Remember(http, decision);
    }

    private async Task<string?> ValidTargetAsync(HttpContext http)
    {
        var target = TargetProject(http);
        return Projects.Projects.Problem(target) is null && await projects.ExistsAsync(target, http.RequestAborted) ? target : null;
    }

    private static AccessDecision Decide(ClaimsPrincipal user, string project, Scope scope, string notFound) =>
        !user.Sees(project) ? new(null, StatusCodes.Status404NotFound, notFound)
        : !user.Can(project, scope) ? new(null, StatusCodes.Status403Forbidden, $"this needs the '{scope.Name()}' scope in project '{project}'")
        : AccessDecision.Allow(project);

    private static AccessDecision Remember(HttpContext http, AccessDecision decision)
    {
        if (decision.Allowed)
        {
            http.Items[ItemKey] = decision.Project;
        }

        return decision;
    }
}
