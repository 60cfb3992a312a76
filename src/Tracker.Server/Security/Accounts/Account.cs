using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Accounts;

/// <summary>A local dashboard account. The password is kept only as ASP.NET Core's PasswordHasher hash.</summary>
public sealed class Account
{
    /// <summary>The user name.</summary>
    public string Id { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public List<Grant> Grants { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string PrincipalName => $"user:{Id}";
}
