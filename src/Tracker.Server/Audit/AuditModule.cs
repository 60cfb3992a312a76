using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Access;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Server.Audit.Bundles;
using Tracker.Server.Audit.Corrections;
using Tracker.Server.Audit.History;
using Tracker.Server.Audit.Rebuild;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Audit.TimeTravel;
using Tracker.Server.Audit.Verify;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit;

/// <summary>Audit and replay: hash-chain verification, full history, time travel, rebuild checks and bundles.</summary>
public static class AuditModule
{
    public static IHostApplicationBuilder AddAuditModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventTypeNames>();
        builder.Services.AddSingleton<StoredEventReader>();
        builder.Services.AddSingleton<ChainVerifier>();
        builder.Services.AddSingleton<RebuildChecker>();
        builder.Services.AddSingleton<BundleExporter>();
        builder.Services.AddSingleton<BundleImporter>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, QueryVariantMatcherPolicy>());
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit");
        audit.MapGet("verify", VerifyEndpoint.HandleAsync).RequireAccess(Scope.Audit, Resource.Study);
        audit.MapGet("streams/{streamId:guid}/events", StreamEventsEndpoint.HandleAsync).RequireAccess(Scope.Audit, Resource.Server);
        app.MapGet("/api/v1/studies/{study}/history", StudyHistoryEndpoint.HandleAsync).WithTags("Audit").RequireAccess(Scope.Audit, Resource.Study);
        app.MapPost("/api/v1/admin/rebuild-check", RebuildCheckEndpoint.HandleAsync).WithTags("Audit").RequireAccess(Scope.Admin, Resource.Server);
        app.MapGet("/api/v1/studies/{study}/export", ExportEndpoint.HandleAsync).WithTags("Audit").RequireAccess(Scope.Audit, Resource.Study);
        app.MapPost("/api/v1/import/bundle", ImportEndpoint.HandleAsync).WithTags("Audit").RequireAccess(Scope.Admin, Resource.Server);

        // Corrections: new events on the run stream, never an edit of history. Their bodies are a few fields.
        var corrections = app.MapGroup("/api/v1/runs/{runId:guid}/corrections").WithTags("Audit").WithBodyLimit(64 * 1024)
            .RequireAccess(Scope.Audit, Resource.Run);
        corrections.MapPost("invalidate-evaluation", CorrectionEndpoints.InvalidateEvaluationAsync).WithName(CorrectionEndpoints.InvalidateEvaluationName);
        corrections.MapPost("exclude", CorrectionEndpoints.ExcludeAsync).WithName(CorrectionEndpoints.ExcludeName);
        corrections.MapPost("include", CorrectionEndpoints.IncludeAsync).WithName(CorrectionEndpoints.IncludeName);
        corrections.MapPost("model-size", CorrectionEndpoints.ModelSizeAsync).WithName(CorrectionEndpoints.ModelSizeName);

        // Time travel shares the live routes and is chosen by its query parameters.
        app.MapGet("/api/v1/runs/{runId:guid}", RunAsOfEndpoint.HandleAsync).WithTags("Audit").WithMetadata(new QueryVariantMetadata("asOf", "version")).RequireAccess(Scope.Read, Resource.Run);
        app.MapGet("/api/v1/studies/{study}/dataset", DatasetAsOfEndpoint.HandleAsync).WithTags("Audit").WithMetadata(new QueryVariantMetadata("asOf", "sequence")).RequireAccess(Scope.Read, Resource.Study);
        return app;
    }
}
