using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Accounts;

/// <summary>Maps an OpenID Connect provider's grants claim ("project=scope" values) to Tracker grants.</summary>
public static class ExternalGrants
{
    public static Task AddAsync(TokenValidatedContext context, string claimType)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity)
        {
            var grants = identity.FindAll(claimType).Select(c => Grant.FromClaim(new Claim(Grant.ClaimType, c.Value))).OfType<Grant>().ToList();
            foreach (var grant in grants)
            {
                identity.AddClaim(grant.ToClaim());
            }

            var name = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst(ClaimTypes.Email)?.Value ?? identity.Name ?? "external";
            identity.AddClaim(new Claim(ClaimTypes.Name, $"user:{name}"));
        }

        return Task.CompletedTask;
    }
}
