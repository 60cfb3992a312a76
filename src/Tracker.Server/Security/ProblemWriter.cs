using Microsoft.AspNetCore.Mvc;

namespace Tracker.Server.Security;

/// <summary>Problem details written by middleware (authentication, access, rate limits), where no endpoint result exists.</summary>
public static class ProblemWriter
{
    public static async Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.StatusCode = status;
        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
