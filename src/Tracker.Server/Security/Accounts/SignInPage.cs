using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace Tracker.Server.Security.Accounts;

/// <summary>The sign-in page's HTML: self-contained (no script), so it works before any dashboard asset is allowed.</summary>
public static class SignInPage
{
    public static string Render(AntiforgeryTokenSet tokens, string returnUrl, bool failed, bool external)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var error = failed ? "<p class=\"error\" role=\"alert\">Wrong user name or password.</p>" : "";
        var sso = external ? $"<p><a href=\"/account/login/external?returnUrl={E(WebUtility.UrlEncode(returnUrl))}\">Sign in with your organisation</a></p>" : "";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · Tracker</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;background:#f6f7f9}
            form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;display:grid;gap:.75rem;min-width:18rem}
            input{padding:.5rem;font-size:1rem}button{padding:.6rem;font-size:1rem}.error{color:#b00020;margin:0}</style></head>
            <body><main><h1>Tracker</h1>
            <form method="post" action="{{SignInEndpoints.Path}}">
            {{error}}
            <input type="hidden" name="{{E(tokens.FormFieldName)}}" value="{{E(tokens.RequestToken)}}">
            <input type="hidden" name="returnUrl" value="{{E(returnUrl)}}">
            <label>User name <input name="userName" autocomplete="username" required maxlength="64"></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
            <button type="submit">Sign in</button>
            </form>{{sso}}</main></body></html>
            """;
    }
}
