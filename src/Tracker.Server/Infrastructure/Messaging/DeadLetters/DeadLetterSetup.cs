using System.Globalization;
using MassTransit;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Infrastructure.Messaging.DeadLetters;

public sealed record DeadLetterList(long Total, IReadOnlyList<DeadLetterView> Items);

public static class DeadLetterSetup
{
    /// <summary>Registers the fault consumer on a queue of this node's own, so every node hears every fault.</summary>
    public static void AddDeadLetters(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<DeadLetterLog>();
        bus.AddConsumer<DeadLetterConsumer>().Endpoint(e =>
        {
            e.InstanceId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
            e.Temporary = true;
        });
    }

    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/dead-letters", (DeadLetterLog log) => Results.Ok(new DeadLetterList(log.Total, log.Snapshot())))
            .WithName("GetDeadLetters")
            .WithSummary("Run commands dead-lettered after their retries (poison messages), newest first, with the reason")
            .Produces<DeadLetterList>()
            .WithTags("Admin")
            .RequireAccess(Scope.Admin, Resource.Server);
        return app;
    }
}
