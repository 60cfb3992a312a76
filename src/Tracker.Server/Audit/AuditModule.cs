using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Access;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Runs;
using Tracker.Server.Audit.Bundles;
using Tracker.Server.Audit.Corrections;
using Tracker.Server.Audit.History;
using Tracker.Server.Audit.Rebuild;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Audit.TimeTravel;
using Tracker.Server.Audit.Verify;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.OpenApi;

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
        audit.MapGet("verify", VerifyEndpoint.HandleAsync)
            .WithName("VerifyChains")
            .WithSummary("Recompute every event's hash chain (all, one stream or one study); names the first altered event")
            .Produces<VerifyReport>()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Audit, Resource.Study);
        audit.MapGet("streams/{streamId:guid}/events", StreamEventsEndpoint.HandleAsync)
            .WithName("GetStreamEvents")
            .WithSummary("A stream's events with their metadata and hashes, filtered by type and time, paged")
            .Produces<EventPage<RunEventView>>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Audit, Resource.Server);
        app.MapGet("/api/v1/studies/{study}/history", StudyHistoryEndpoint.HandleAsync)
            .WithName("GetStudyHistory")
            .WithSummary("A study's history (and its runs'), filtered by type and time, paged by sequence")
            .Produces<EventPage<RunEventView>>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithTags("Audit")
            .RequireAccess(Scope.Audit, Resource.Study);
        app.MapPost("/api/v1/admin/rebuild-check", RebuildCheckEndpoint.HandleAsync)
            .WithName("RebuildCheck")
            .WithSummary("Rebuild every read model from the events and report any difference")
            .Produces<RebuildReport>()
            .WithTags("Audit")
            .RequireAccess(Scope.Admin, Resource.Server);
        app.MapGet("/api/v1/studies/{study}/export", ExportEndpoint.HandleAsync)
            .WithName("ExportStudyBundle")
            .WithSummary("The study's portable bundle: JSON Lines of header, events with hashes, and manifest")
            .Produces<string>(contentType: BundleFormat.ContentType)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithTags("Audit")
            .RequireAccess(Scope.Audit, Resource.Study);
        app.MapPost("/api/v1/import/bundle", ImportEndpoint.HandleAsync)
            .WithName("ImportStudyBundle")
            .WithSummary("Load a bundle with its ids, versions, times and hashes; every hash is checked first")
            .Accepts<string>(BundleFormat.ContentType)
            .Produces<BundleImportResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithTags("Audit")
            .RequireAccess(Scope.Admin, Resource.Server);

        // Corrections: new events on the run stream, never an edit of history. Their bodies are a few fields.
        var corrections = app.MapGroup("/api/v1/runs/{runId:guid}/corrections").WithTags("Audit").WithBodyLimit(64 * 1024)
            .RequireAccess(Scope.Audit, Resource.Run);
        corrections.MapPost("invalidate-evaluation", CorrectionEndpoints.InvalidateEvaluationAsync)
            .WithSummary("Invalidate a recorded evaluation (an event with the reason; history is kept)")
            .AcceptsJson<InvalidateEvaluationRequest>()
            .Produces<CorrectionResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithName(CorrectionEndpoints.InvalidateEvaluationName);
        corrections.MapPost("exclude", CorrectionEndpoints.ExcludeAsync)
            .WithSummary("Exclude a run from the study's fits")
            .AcceptsJson<CorrectionReasonRequest>()
            .Produces<CorrectionResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithName(CorrectionEndpoints.ExcludeName);
        corrections.MapPost("include", CorrectionEndpoints.IncludeAsync)
            .WithSummary("Include an excluded run in the fits again")
            .AcceptsJson<CorrectionReasonRequest>()
            .Produces<CorrectionResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithName(CorrectionEndpoints.IncludeName);
        corrections.MapPost("model-size", CorrectionEndpoints.ModelSizeAsync)
            .WithSummary("Correct a run's model size N (its compute is re-priced)")
            .AcceptsJson<CorrectModelSizeRequest>()
            .Produces<CorrectionResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithName(CorrectionEndpoints.ModelSizeName);

        // Time travel shares the live routes and is chosen by its query parameters.
        app.MapGet("/api/v1/runs/{runId:guid}", RunAsOfEndpoint.HandleAsync).WithTags("Audit").WithMetadata(new QueryVariantMetadata("asOf", "version")).RequireAccess(Scope.Read, Resource.Run);
        app.MapGet("/api/v1/studies/{study}/dataset", DatasetAsOfEndpoint.HandleAsync).WithTags("Audit").WithMetadata(new QueryVariantMetadata("asOf", "sequence")).RequireAccess(Scope.Read, Resource.Study);
        return app;
    }
}
