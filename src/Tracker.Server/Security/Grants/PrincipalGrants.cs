using System.Security.Claims;

namespace Tracker.Server.Security.Grants;

/// <summary>Questions asked of a signed-in principal: may it do this in that project, which projects can it see.</summary>
public static class PrincipalGrants
{
    public static IReadOnlyList<Grant> Grants(this ClaimsPrincipal user) =>
        [.. user.FindAll(Grant.ClaimType).Select(Grant.FromClaim).OfType<Grant>()];

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    public static bool Can(this ClaimsPrincipal user, string project, Scope scope) =>
        user.Grants().Any(g => g.Covers(project, scope));

    /// <summary>Whether the principal holds any grant in the project: without one, the project's data does not exist
    /// for it (404, not 403).</summary>
    public static bool Sees(this ClaimsPrincipal user, string project) =>
        user.Grants().Any(g => g.Project == Grant.AllProjects || string.Equals(g.Project, project, StringComparison.Ordinal));

    public static bool CanAnywhere(this ClaimsPrincipal user, Scope scope) => user.Grants().Any(g => g.Scope.Includes(scope));

    public static bool IsGlobalAdmin(this ClaimsPrincipal user) =>
        user.Grants().Any(g => g.Project == Grant.AllProjects && g.Scope == Scope.Admin);

    /// <summary>Projects readable by the principal; null means every project.</summary>
    public static IReadOnlySet<string>? ReadableProjects(this ClaimsPrincipal user)
    {
        var grants = user.Grants().Where(g => g.Scope.Includes(Scope.Read)).ToList();
        return grants.Any(g => g.Project == Grant.AllProjects)
            ? null
            : grants.Select(g => g.Project).ToHashSet(StringComparer.Ordinal);
    }

    public static bool CanRead(this ClaimsPrincipal user, string project) => user.Can(project, Scope.Read);
}
