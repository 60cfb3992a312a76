namespace Tracker.Server.Infrastructure.Observability;

/// <summary>A scraper is not a browser: an unauthenticated /metrics request answers 401 with a Bearer challenge rather
/// than the dashboard's redirect to the sign-in page (the security module picks the cookie scheme for paths outside
/// /api). Only the challenge's form changes; who may scrape is decided by the endpoint's access rule.</summary>
public sealed class MetricsChallenge(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        await next(http);
        if (http.Request.Path.StartsWithSegments(ObservabilitySetup.MetricsPath)
            && !http.Response.HasStarted
            && http.Response.StatusCode == StatusCodes.Status302Found
            && http.Response.Headers.Location.FirstOrDefault()?.Contains("/account/login", StringComparison.Ordinal) == true)
        {
            http.Response.Headers.Remove("Location");
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }
    }
}
