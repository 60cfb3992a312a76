using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Tracker.Server.Security.Limits;

/// <summary>Per-caller token buckets on write requests: a flooding job gets 429 with Retry-After (which the clients
/// honour) while other callers keep their share. Tracker:Limits:WritesPerSecond and :WriteBurst tune it.</summary>
public static class WriteRateLimits
{
    public static IServiceCollection AddWriteRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = Math.Max(1, configuration.GetValue("Tracker:Limits:WritesPerSecond", 200));
        var burst = Math.Max(perSecond, configuration.GetValue("Tracker:Limits:WriteBurst", perSecond * 2));
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Access.AccessRules.WritePolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.Identity?.Name ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"this caller may make {perSecond} write requests per second (bursts of {burst}); retry after {retryAfter} s, or send larger batches");
            };
        });
    }
}
