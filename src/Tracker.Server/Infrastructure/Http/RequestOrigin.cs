using Tracker.Contracts.Messaging;

namespace Tracker.Server.Infrastructure.Http;

public static class RequestOrigin
{
    /// <summary>The client program (X-Tracker-Client, else User-Agent), the remote address, and the correlation id
    /// (X-Correlation-Id, else the request's trace id).</summary>
    public static CommandOrigin Of(HttpContext http)
    {
        var headers = http.Request.Headers;
        var client = headers["X-Tracker-Client"].FirstOrDefault() ?? headers.UserAgent.FirstOrDefault() ?? "unknown";
        var correlation = headers["X-Correlation-Id"].FirstOrDefault() ?? System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        return new CommandOrigin(Clip(client), http.Connection.RemoteIpAddress?.ToString(), http.User.Identity?.Name, Clip(correlation), Security.Access.ProjectAccess.ProjectOf(http));
    }

    private static string? Clip(string? value) => value is { Length: > 200 } ? value[..200] : value;
}
