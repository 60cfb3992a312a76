using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Tracker.Server.Security.Tokens;

/// <summary>Authenticates "Authorization: Bearer trk_…" (what MLflow sends for MLFLOW_TRACKING_TOKEN too).</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = SecretOf(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var token = secret.Length <= 256 ? await tokens.FindAsync(secret, Context.RequestAborted) : null;
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown or revoked token");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, token.PrincipalName), new Claim("tracker:token", token.Id.ToString()), token.Grant.ToClaim()],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = SecretOf(Request) is not null;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await ProblemWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            failed ? "the bearer token is unknown or revoked" : "this endpoint needs a token: send 'Authorization: Bearer <token>' (or sign in to the dashboard)");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemWriter.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "the token's scope does not allow this");

    public static string? SecretOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
