using System.Security.Claims;

namespace Tracker.Server.Security.Grants;

/// <summary>One scope in one project ("*" = every project), carried as a claim "project=scope".</summary>
public sealed record Grant(string Project, Scope Scope)
{
    public const string ClaimType = "tracker:grant";
    public const string AllProjects = "*";

    public bool Covers(string project, Scope required) =>
        (Project == AllProjects || string.Equals(Project, project, StringComparison.Ordinal)) && Scope.Includes(required);

    public Claim ToClaim() => new(ClaimType, $"{Project}={Scope.Name()}");

    public static Grant? FromClaim(Claim claim)
    {
        var separator = claim.Value.LastIndexOf('=');
        return separator > 0 && Scopes.TryParse(claim.Value[(separator + 1)..], out var scope)
            ? new Grant(claim.Value[..separator], scope)
            : null;
    }
}
