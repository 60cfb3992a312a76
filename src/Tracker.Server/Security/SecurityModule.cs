using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Accounts;
using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Hardening;
using Tracker.Server.Security.Limits;
using Tracker.Server.Security.Projects;
using Tracker.Server.Security.Tokens;

namespace Tracker.Server.Security;

/// <summary>Projects, tokens, accounts and the rules that every endpoint declares (see docs/security.md).</summary>
public static class SecurityModule
{
    public const string SelectorScheme = "Tracker";
    public const string OidcScheme = "oidc";
    public const string DashboardPolicy = "dashboard";

    public static WebApplicationBuilder AddSecurityModule(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        builder.Services.Configure<SecurityOptions>(section);
        var settings = section.Get<SecurityOptions>() ?? new SecurityOptions();

        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<ProjectStore>();
        builder.Services.AddSingleton<ResourceProjects>();
        builder.Services.AddSingleton<ProjectAccess>();
        builder.Services.AddHostedService<AdminBootstrap>();
        builder.Services.AddHostedService<LoopbackGuard>();
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<ApiToken>().UniqueIndex(t => t.Hash);
            options.Schema.For<Account>();
            options.Schema.For<ProjectRecord>();
        });

        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token, dashboard cookie or loopback", o => o.ForwardDefaultSelector = http => SchemeFor(http, settings))
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, LoopbackHandler>(LoopbackHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "tracker.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = SignInEndpoints.Path;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });
        if (settings.Oidc.Authority is { Length: > 0 })
        {
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = settings.Oidc.Authority;
                o.ClientId = settings.Oidc.ClientId;
                o.ClientSecret = settings.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.Events.OnTokenValidated = context => ExternalGrants.AddAsync(context, settings.Oidc.GrantsClaim);
            });
        }

        builder.Services.AddAuthorizationBuilder()
            // Default deny: an endpoint with neither an access rule nor a public mark needs at least a signed-in caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(DashboardPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.CanAnywhere(Scope.Read)));
        builder.Services.AddWriteRateLimits(builder.Configuration);
        return builder;
    }

    public static WebApplication UseTrackerSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AccessMiddleware>();
        app.UseRateLimiter();
        return app;
    }

    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects").WithTags("Security");
        projects.MapGet("", ProjectEndpoints.ListAsync).RequireAccess(Scope.Read, Resource.Listing).WithName("projects.list");
        projects.MapPost("", ProjectEndpoints.CreateAsync).RequireAccess(Scope.Admin, Resource.Server).WithName("projects.create");
        projects.MapPost("{project}/tokens", TokenEndpoints.IssueAsync).RequireAccess(Scope.Admin, Resource.Project).WithName("tokens.issue");
        projects.MapGet("{project}/tokens", TokenEndpoints.ListAsync).RequireAccess(Scope.Admin, Resource.Project).WithName("tokens.list");
        projects.MapDelete("{project}/tokens/{tokenId:guid}", TokenEndpoints.RevokeAsync).RequireAccess(Scope.Admin, Resource.Project).WithName("tokens.revoke");
        app.MapPut("/api/v1/accounts/{userName}", AccountEndpoints.SaveAsync).RequireAccess(Scope.Admin, Resource.Server).WithTags("Security").WithName("accounts.save");

        app.MapGet(SignInEndpoints.Path, SignInEndpoints.Page).AllowPublic().ExcludeFromDescription();
        app.MapPost(SignInEndpoints.Path, SignInEndpoints.SignInAsync).AllowPublic().ExcludeFromDescription();
        app.MapGet(SignInEndpoints.Path + "/external", SignInEndpoints.External).AllowPublic().ExcludeFromDescription();
        app.MapPost("/account/logout", (Delegate)SignInEndpoints.SignOutAsync).AllowPublic().ExcludeFromDescription();
        return app;
    }

    /// <summary>Which credential a request carries decides the scheme; without any, API paths answer 401 and the
    /// dashboard redirects to sign-in (or, in the embedded loopback mode, lets this machine in).</summary>
    private static string SchemeFor(HttpContext http, SecurityOptions settings) =>
        BearerTokenHandler.SecretOf(http.Request) is not null ? BearerTokenHandler.SchemeName
        : http.Request.Cookies.ContainsKey("tracker.auth") ? CookieAuthenticationDefaults.AuthenticationScheme
        : settings.AnonymousLoopback && LoopbackHandler.IsLoopback(http.Connection.RemoteIpAddress) ? LoopbackHandler.SchemeName
        : IsApi(http.Request.Path) ? BearerTokenHandler.SchemeName
        : CookieAuthenticationDefaults.AuthenticationScheme;

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/mlflow") || path.StartsWithSegments("/dashboard/export") || path.StartsWithSegments("/openapi");
}
