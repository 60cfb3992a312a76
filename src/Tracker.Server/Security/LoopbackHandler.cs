using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security;

/// <summary>The embedded mode of ./ops/up: requests without credentials from this machine act as an anonymous user who
/// may read, write and audit every project (not administer tokens). Only when Tracker:Auth:AnonymousLoopback is on,
/// and the server refuses to start with it when bound to another address (<see cref="LoopbackGuard"/>).</summary>
public sealed class LoopbackHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Loopback";
    public const string PrincipalName = "anonymous@loopback";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsLoopback(Context.Connection.RemoteIpAddress))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, PrincipalName),
                new Grant(Grant.AllProjects, Scope.Audit).ToClaim(),
                new Grant(Grant.AllProjects, Scope.Write).ToClaim(),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
