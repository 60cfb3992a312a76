using Tracker.Server.Audit.History;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Audit.Verify;

namespace Tracker.Server.Audit;

/// <summary>Audit and replay: hash-chain verification, full history, time travel, rebuild checks and bundles.</summary>
public static class AuditModule
{
    public static IHostApplicationBuilder AddAuditModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventTypeNames>();
        builder.Services.AddSingleton<StoredEventReader>();
        builder.Services.AddSingleton<ChainVerifier>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit");
        audit.MapGet("verify", VerifyEndpoint.HandleAsync);
        audit.MapGet("streams/{streamId:guid}/events", StreamEventsEndpoint.HandleAsync);
        app.MapGet("/api/v1/studies/{study}/history", StudyHistoryEndpoint.HandleAsync).WithTags("Audit");
        return app;
    }
}
