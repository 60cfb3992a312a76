using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Access;
using Marten;
using Tracker.Contracts.Runs;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.OpenApi;
using Tracker.Server.Runs.Commands;
using Tracker.Server.Runs.Finish;
using Tracker.Server.Runs.GetRunEvents;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Runs.Steps;
using Tracker.Server.Runs.Evaluations;
using Tracker.Server.Runs.Register;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Runs;

public static class RunsModule
{
    public static IHostApplicationBuilder AddRunsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunLedgerCache>();
        builder.Services.AddSingleton<StudyRegistry>();
        builder.Services.AddSingleton<RunWriter>();
        builder.Services.AddSingleton<RunCommandSender>();
        builder.Services.ConfigureMarten(options =>
        {
            options.Projections.Add<RunSummaryProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Schema.For<RunSummary>().Index(x => x.Study);
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapRunsEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/v1/runs").WithTags("Runs")
            .WithBodyLimit(HttpSetup.MaxBodyBytes(app.ServiceProvider.GetRequiredService<IConfiguration>()));
        runs.MapPost("", RegisterRunEndpoint.HandleAsync)
            .WithName("RegisterRun")
            .WithSummary("Register a run: 201 new, 200 the same body again, 409 the same id with another body")
            .AcceptsJson<RegisterRunRequest>()
            .Produces<RunSummaryView>(StatusCodes.Status201Created)
            .Produces<RunSummaryView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)
            .RequireAccess(Scope.Write, Resource.Body);
        runs.MapPost("{runId:guid}/steps", LogStepsEndpoint.HandleAsync)
            .WithName("LogSteps")
            .WithSummary("Log steps in any order; a repeated step is a duplicate, a stored step with other values a 409")
            .AcceptsJson<LogStepsRequest>()
            .Produces<IngestResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)
            .RequireAccess(Scope.Write, Resource.Run);
        runs.MapPost("{runId:guid}/evaluations", RecordEvaluationsEndpoint.HandleAsync)
            .WithName("RecordEvaluations")
            .WithSummary("Record held-out evaluations (L = 1 − pass@1 on the study's loss dataset)")
            .AcceptsJson<RecordEvaluationsRequest>()
            .Produces<IngestResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)
            .RequireAccess(Scope.Write, Resource.Run);
        runs.MapPost("{runId:guid}/finish", FinishRunEndpoint.HandleAsync)
            .WithName("FinishRun")
            .WithSummary("Finish a run as completed, failed or killed")
            .AcceptsJson<FinishRunRequest>()
            .Produces<RunSummaryView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable)
            .RequireAccess(Scope.Write, Resource.Run);
        runs.MapGet("{runId:guid}", GetRunSummaryEndpoint.HandleAsync)
            .WithName("GetRun")
            .WithSummary("A run's summary: identity, last step and values, τ so far, status; with asOf or version, as it was")
            .Produces<RunSummaryView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Run);
        runs.MapGet("{runId:guid}/events", GetRunEventsEndpoint.HandleAsync)
            .WithName("GetRunEvents")
            .WithSummary("A run's events in order with who, what, when and where, paged by version")
            .Produces<EventPage<RunEventView>>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Run);
        return app;
    }
}
