using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Tracker.Server.Security.Accounts;

public sealed class SignInForm
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>Dashboard sign-in with a local account: a plain form (antiforgery-protected) that sets the auth cookie.</summary>
public static class SignInEndpoints
{
    public const string Path = "/account/login";

    public static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, bool? failed, Microsoft.Extensions.Options.IOptions<SecurityOptions> options) =>
        Results.Content(SignInPage.Render(antiforgery.GetAndStoreTokens(http), LocalOrRoot(returnUrl), failed == true, options.Value.Oidc.Authority is not null), "text/html; charset=utf-8");

    public static async Task<IResult> SignInAsync(HttpContext http, [FromForm] SignInForm form, AccountStore accounts, CancellationToken ct)
    {
        var returnUrl = LocalOrRoot(form.ReturnUrl);
        var account = string.IsNullOrEmpty(form.UserName) || string.IsNullOrEmpty(form.Password) || form.UserName.Length > AccountEndpoints.MaxUserNameLength || form.Password.Length > AccountEndpoints.MaxPasswordLength
            ? null
            : await accounts.VerifyAsync(form.UserName, form.Password, ct);
        if (account is null)
        {
            return Results.Redirect($"{Path}?failed=true&returnUrl={WebUtility.UrlEncode(returnUrl)}");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.PrincipalName), .. account.Grants.Select(g => g.ToClaim())],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    public static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect(Path);
    }

    /// <summary>Starts sign-in at the configured OpenID Connect provider.</summary>
    public static IResult External(string? returnUrl) =>
        Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [SecurityModule.OidcScheme]);

    /// <summary>Only paths of this site: an open redirect would let a link send users anywhere after signing in.</summary>
    private static string LocalOrRoot(string? url) =>
        url is { Length: > 0 and < 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
