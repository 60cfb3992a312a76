using Microsoft.AspNetCore.Diagnostics;

namespace Tracker.Server.Infrastructure.Http;

/// <summary>PostgreSQL unreachable (restart, failover) anywhere in a request, the access checks included: a 503 with
/// Retry-After, which every client retries, instead of a 500. Retrying is safe: every write is idempotent.</summary>
public sealed class StoreUnavailableExceptionHandler(ILogger<StoreUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStoreUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("{Method} {Path}: the store is unavailable ({Error}); answered 503", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable",
            detail: "the database could not be reached; retry the request (retries never duplicate data)").ExecuteAsync(httpContext);
        return true;
    }

    private static bool IsStoreUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
