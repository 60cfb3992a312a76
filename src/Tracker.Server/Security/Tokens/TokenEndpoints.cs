using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Tokens;

public sealed record IssueTokenRequest(string Name, string Scope);

/// <summary>A token's public face; <see cref="Token"/> (the secret) is only set in the answer that issues it.</summary>
public sealed record TokenView(Guid Id, string Name, string Project, string Scope, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy, string? Token = null);

/// <summary>Project admins issue, list and revoke their project's tokens.</summary>
public static class TokenEndpoints
{
    public const int MaxNameLength = 64;

    public static async Task<IResult> IssueAsync(string project, HttpContext http, TokenStore tokens, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<IssueTokenRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (name, scopeText) = body.Value!;
        if (!IsValidName(name))
        {
            return Problems.Invalid("name", $"a token name has 1 to {MaxNameLength} letters, digits, spaces or '.', '_', '-', '@', ':' (no '..')");
        }

        if (!Scopes.TryParse(scopeText, out var scope))
        {
            return Problems.Invalid("scope", "the scope is one of 'write', 'read', 'audit', 'admin'");
        }

        var (token, secret) = await tokens.IssueAsync(project, scope, name, http.User.Identity?.Name, ct);
        return Results.Created($"/api/v1/projects/{project}/tokens/{token.Id}", View(token) with { Token = secret });
    }

    public static async Task<IResult> ListAsync(string project, TokenStore tokens, CancellationToken ct) =>
        Results.Ok((await tokens.ListAsync(project, ct)).Select(View).ToList());

    public static async Task<IResult> RevokeAsync(string project, Guid tokenId, HttpContext http, TokenStore tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(project, tokenId, http.User.Identity?.Name, ct)
            ? Results.NoContent()
            : Problems.NotFound($"token {tokenId} not found in project '{project}'");

    private static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '@' or ':');

    private static TokenView View(ApiToken t) => new(t.Id, t.Name, t.Project, t.Scope.Name(), t.CreatedAt, t.CreatedBy, t.RevokedAt, t.RevokedBy);
}
