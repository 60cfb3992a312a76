using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Projects;

public sealed record CreateProjectRequest(string Name);

public sealed record ProjectView(string Name, DateTimeOffset? CreatedAt, string? CreatedBy);

public static class ProjectEndpoints
{
    /// <summary>Projects the caller holds a grant in (all for a server-wide grant).</summary>
    public static async Task<IResult> ListAsync(HttpContext http, ProjectStore projects, CancellationToken ct)
    {
        var all = await projects.ListAsync(ct);
        return Results.Ok(all.Where(p => http.User.Sees(p.Id)).Select(View).ToList());
    }

    public static async Task<IResult> CreateAsync(HttpContext http, ProjectStore projects, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CreateProjectRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (Projects.Problem(body.Value!.Name) is { } problem)
        {
            return Problems.Invalid("name", problem);
        }

        return await projects.CreateAsync(body.Value.Name, http.User.Identity?.Name, ct)
            ? Results.Created($"/api/v1/projects/{body.Value.Name}", new ProjectView(body.Value.Name, DateTimeOffset.UtcNow, http.User.Identity?.Name))
            : Results.Problem(statusCode: 409, title: "Conflict", detail: $"project '{body.Value.Name}' already exists");
    }

    private static ProjectView View(ProjectRecord p) => new(p.Id, p.CreatedAt == default ? null : p.CreatedAt, p.CreatedBy);
}
