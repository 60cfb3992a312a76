using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;
using JasperFx.Events.Projections;
using Marten;
using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.OpenApi;
using Tracker.Server.Studies.Archive;
using Tracker.Server.Studies.Curves;
using Tracker.Server.Studies.GetStudies;
using Tracker.Server.Studies.Live;
using Tracker.Server.Studies.Scaling;

namespace Tracker.Server.Studies;

public static class StudiesModule
{
    public static IHostApplicationBuilder AddStudiesModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<StudyQueries>();
        builder.Services.AddSingleton<StudyDataCache>();
        builder.Services.AddSingleton<StudyWriter>();
        builder.Services.AddSingleton<ArchivedStudies>();
        builder.Services.AddSingleton<LiveUpdates>();
        var publishTimeout = builder.Configuration.GetValue<TimeSpan?>(StudyChangeSubscription.PublishTimeoutKey);
        builder.Services.AddSingleton(sp => new StudyChangeSubscription(sp, publishTimeout));
        builder.Services.AddSingleton<IStudyChangePublisher, BusStudyChangePublisher>();
        builder.Services.AddHostedService<LiveFitService>();
        var curveLimits = RunCurveDaemonLimits.From(builder.Configuration);
        builder.Services.ConfigureMarten((services, options) =>
        {
            options.Projections.Add<StudySummaryProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<RunCurveProjection>(ProjectionLifecycle.Async, curveLimits.ApplyTo);
            // Columns of their own (indexed): the change check reads them without touching the large curve documents.
            options.Schema.For<RunCurve>().Duplicate(x => x.Study).Duplicate(x => x.LastSequence);
            options.Projections.Subscribe(services.GetRequiredService<StudyChangeSubscription>());
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapStudiesEndpoints(this IEndpointRouteBuilder app)
    {
        var studies = app.MapGroup("/api/v1/studies").WithTags("Studies");
        studies.MapGet("", StudiesEndpoints.ListAsync)
            .WithName("ListStudies")
            .WithSummary("Studies with their run counts, model sizes and last activity")
            .Produces<List<StudyView>>()
            .RequireAccess(Scope.Read, Resource.Listing);
        studies.MapGet("{study}", StudiesEndpoints.GetAsync)
            .WithName("GetStudy")
            .WithSummary("A study with the summaries of its runs")
            .Produces<StudyDetailView>()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/overview", ScalingEndpoints.OverviewAsync)
            .WithName("GetStudyOverview")
            .WithSummary("Everything the study page shows at once: dataset, fits, saturation, forecasts, reuse, warnings")
            .Produces<StudyOverviewView>()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/dataset", ScalingEndpoints.DatasetAsync)
            .WithName("GetStudyDataset")
            .WithSummary("The scaling points (N, run, step, C, D, τ, L, reward); with asOf or sequence, as they were")
            .Produces<DatasetView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/fit", ScalingEndpoints.FitAsync)
            .WithName("GetStudyFit")
            .WithSummary("The fitted law with intervals, R² and points used; holdout predicts a left-out size, asOf returns the fit recorded then")
            .Produces<FitView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/fits", ScalingEndpoints.FitHistoryAsync)
            .WithName("GetStudyFitHistory")
            .WithSummary("Every recorded fit of an axis (FitComputed events)")
            .Produces<List<FitView>>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/saturation", ScalingEndpoints.SaturationAsync)
            .WithName("GetStudySaturation")
            .WithSummary("k(N) saturation of the fitted law")
            .Produces<SaturationView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/crossover", ScalingEndpoints.CrossoverAsync)
            .WithName("GetStudyCrossover")
            .WithSummary("The compute (or data) at which size b overtakes size a")
            .Produces<CrossoverView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/plan", ScalingEndpoints.PlanAsync)
            .WithName("GetStudyPlan")
            .WithSummary("The model size with the lowest predicted loss for a compute budget")
            .Produces<PlanView>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/forecasts", ScalingEndpoints.ForecastsAsync)
            .WithName("GetStudyForecasts")
            .WithSummary("Final-loss forecasts of the study's runs")
            .Produces<List<ForecastView>>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/reuse", ScalingEndpoints.ReuseAsync)
            .WithName("GetStudyReuse")
            .WithSummary("Data-reuse report: final loss by reuse factor τ")
            .Produces<ReuseView>()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/warnings", ScalingEndpoints.WarningsAsync)
            .WithName("GetStudyWarnings")
            .WithSummary("Warnings with their evidence (data reuse, overfitting, runs worse than the law)")
            .Produces<List<WarningView>>()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAccess(Scope.Read, Resource.Study);
        studies.MapPut("{study}/mapping", ScalingEndpoints.MapAsync)
            .WithName("MapStudyLossDataset")
            .WithSummary("Choose the evaluation dataset whose 1 − pass@1 is the study's test loss L (an event)")
            .AcceptsJson<MappingRequest>()
            .Produces<MappingRequest>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .RequireAccess(Scope.Admin, Resource.Study);
        studies.MapPost("{study}/archive", ArchiveStudyEndpoint.HandleAsync)
            .WithSummary("Archive a study: it becomes read-only and leaves the studies list")
            .AcceptsJson<ArchiveStudyRequest>()
            .Produces<ArchiveStudyResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName(ArchiveStudyEndpoint.Name)
            .RequireAccess(Scope.Admin, Resource.Study);
        return app;
    }
}
