using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Accounts;

public sealed record GrantRequest(string Project, string Scope);

public sealed record SaveAccountRequest(string Password, IReadOnlyList<GrantRequest> Grants);

public sealed record AccountView(string UserName, IReadOnlyList<GrantRequest> Grants);

/// <summary>Server admins create dashboard accounts and set their grants.</summary>
public static class AccountEndpoints
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const int MaxUserNameLength = 64;

    public static async Task<IResult> SaveAsync(string userName, HttpContext http, AccountStore accounts, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SaveAccountRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (userName.Length > MaxUserNameLength || userName.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return Problems.Invalid("userName", $"a user name has 1 to {MaxUserNameLength} characters, no spaces");
        }

        var request = body.Value!;
        if (request.Password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return Problems.Invalid("password", $"a password has {MinPasswordLength} to {MaxPasswordLength} characters");
        }

        var grants = new List<Grant>();
        for (var i = 0; i < request.Grants.Count; i++)
        {
            var g = request.Grants[i];
            if (g.Project != Grant.AllProjects && Projects.Projects.Problem(g.Project) is { } problem)
            {
                return Problems.Invalid($"grants[{i}].project", problem);
            }

            if (!Scopes.TryParse(g.Scope, out var scope))
            {
                return Problems.Invalid($"grants[{i}].scope", "the scope is one of 'write', 'read', 'audit', 'admin'");
            }

            grants.Add(new Grant(g.Project, scope));
        }

        await accounts.SaveAsync(userName, request.Password, grants, http.User.Identity?.Name, ct);
        return Results.Ok(new AccountView(userName, [.. grants.Select(g => new GrantRequest(g.Project, g.Scope.Name()))]));
    }
}
