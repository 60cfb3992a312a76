using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Access;
using Marten;
using Tracker.Server.Infrastructure.Http;
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
        runs.MapPost("", RegisterRunEndpoint.HandleAsync).RequireAccess(Scope.Write, Resource.Body);
        runs.MapPost("{runId:guid}/steps", LogStepsEndpoint.HandleAsync).RequireAccess(Scope.Write, Resource.Run);
        runs.MapPost("{runId:guid}/evaluations", RecordEvaluationsEndpoint.HandleAsync).RequireAccess(Scope.Write, Resource.Run);
        runs.MapPost("{runId:guid}/finish", FinishRunEndpoint.HandleAsync).RequireAccess(Scope.Write, Resource.Run);
        runs.MapGet("{runId:guid}", GetRunSummaryEndpoint.HandleAsync).RequireAccess(Scope.Read, Resource.Run);
        runs.MapGet("{runId:guid}/events", GetRunEventsEndpoint.HandleAsync).RequireAccess(Scope.Read, Resource.Run);
        return app;
    }
}
