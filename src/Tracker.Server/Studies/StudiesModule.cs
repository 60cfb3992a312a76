using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;
using JasperFx.Events.Projections;
using Marten;
using Tracker.Domain.Studies.Curves;
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
        builder.Services.AddSingleton<StudyChangeSubscription>();
        builder.Services.AddHostedService<LiveFitService>();
        builder.Services.ConfigureMarten((services, options) =>
        {
            options.Projections.Add<StudySummaryProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<RunCurveProjection>(ProjectionLifecycle.Async);
            options.Schema.For<RunCurve>().Index(x => x.Study);
            options.Projections.Subscribe(services.GetRequiredService<StudyChangeSubscription>());
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapStudiesEndpoints(this IEndpointRouteBuilder app)
    {
        var studies = app.MapGroup("/api/v1/studies").WithTags("Studies");
        studies.MapGet("", StudiesEndpoints.ListAsync).RequireAccess(Scope.Read, Resource.Listing);
        studies.MapGet("{study}", StudiesEndpoints.GetAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/overview", ScalingEndpoints.OverviewAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/dataset", ScalingEndpoints.DatasetAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/fit", ScalingEndpoints.FitAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/fits", ScalingEndpoints.FitHistoryAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/saturation", ScalingEndpoints.SaturationAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/crossover", ScalingEndpoints.CrossoverAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/plan", ScalingEndpoints.PlanAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/forecasts", ScalingEndpoints.ForecastsAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/reuse", ScalingEndpoints.ReuseAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapGet("{study}/warnings", ScalingEndpoints.WarningsAsync).RequireAccess(Scope.Read, Resource.Study);
        studies.MapPut("{study}/mapping", ScalingEndpoints.MapAsync).RequireAccess(Scope.Admin, Resource.Study);
        studies.MapPost("{study}/archive", ArchiveStudyEndpoint.HandleAsync).WithName(ArchiveStudyEndpoint.Name).RequireAccess(Scope.Admin, Resource.Study);
        return app;
    }
}
