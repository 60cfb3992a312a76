using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Tokens;

/// <summary>A bearer token as stored: only the SHA-256 of the secret, which is shown once when issued. Tokens are
/// random 256-bit secrets, so a fast hash is enough (a password hasher would cost milliseconds per request).</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A project name, or "*" for a server-wide admin token.</summary>
    public string Project { get; set; } = "";

    public Scope Scope { get; set; }

    public string Hash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>Who the token is in event metadata and logs: readable and unique.</summary>
    public string PrincipalName => $"token:{Name}#{Id.ToString("N")[..12]}";

    public Grant Grant => new(Project, Scope);
}
