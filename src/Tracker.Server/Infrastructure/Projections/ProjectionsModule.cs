using Marten;
using Tracker.Server.OpenApi;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Infrastructure.Projections;

/// <summary>The async daemon's failure policy, and the admin view of its shards and dead-lettered events.</summary>
public static class ProjectionsModule
{
    public static IHostApplicationBuilder AddProjectionFailurePolicy(this IHostApplicationBuilder builder)
    {
        var policy = ProjectionPolicy.From(builder.Configuration);
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton<LocalDaemon>();
        builder.Services.AddSingleton<ProjectionStatusReader>();
        builder.Services.AddSingleton<ProjectionResumer>();
        builder.Services.AddHostedService<StoppedShardRestarter>();
        builder.Services.ConfigureMarten(options =>
        {
            // Marten's own switches: skipping records the event in mt_doc_deadletterevent; not skipping pauses the
            // shard at the event. The same for all three kinds of event failure.
            var skip = policy.OnError == ProjectionErrorPolicy.DeadLetter;
            options.Projections.Errors.SkipApplyErrors = skip;
            options.Projections.Errors.SkipSerializationErrors = skip;
            options.Projections.Errors.SkipUnknownEvents = skip;

            // A rebuild stops at the first failing event whatever the policy: a rebuilt read model missing an event
            // would be silently wrong (Marten's default, stated here so nobody flips it with the policy).
            options.Projections.RebuildErrors.SkipApplyErrors = false;
            options.Projections.RebuildErrors.SkipSerializationErrors = false;
            options.Projections.RebuildErrors.SkipUnknownEvents = false;

            // Marten's coordinator restarts a paused shard after this; it stops at the same event again while the
            // cause is there. Resume restarts it at once.
            if (policy.RetryPausedAfter is { } after)
            {
                options.Projections.HealthCheckPollingTime = after;
            }

            // Shard status, pause reason and failing event in mt_event_progression: every node can show a shard
            // paused on the node that runs the daemon. Written on status changes only (no periodic heartbeat).
            options.Events.EnableExtendedProgressionTracking = true;
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapProjectionAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/projections", ProjectionAdminEndpoints.ListAsync)
            .WithName("GetProjections")
            .WithSummary("Async projection and subscription shards (state, position, lag) and the events dead-lettered by them, newest first")
            .Produces<ProjectionsView>()
            .ProducesInvalidInput()
            .WithTags("Admin")
            .RequireAccess(Scope.Admin, Resource.Server);
        app.MapPost("/api/v1/admin/projections/{shard}/resume", ProjectionAdminEndpoints.ResumeAsync)
            .WithName("ResumeProjectionShard")
            .WithSummary("Restart a paused or stopped shard from its last position (e.g. RunCurve:All)")
            .Produces<ShardView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithTags("Admin")
            .RequireAccess(Scope.Admin, Resource.Server);
        return app;
    }
}
