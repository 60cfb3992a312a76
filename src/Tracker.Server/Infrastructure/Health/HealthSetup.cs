using Tracker.Server.Security.Access;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Tracker.Server.Infrastructure.Health;

public static class HealthSetup
{
    public static IHostApplicationBuilder AddTrackerHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        return builder;
    }

    /// <summary>/health/live: the process answers. /health/ready: PostgreSQL and the bus (MassTransit tags its check "ready").</summary>
    public static IEndpointRouteBuilder MapTrackerHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowPublic();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowPublic();
        return app;
    }
}
