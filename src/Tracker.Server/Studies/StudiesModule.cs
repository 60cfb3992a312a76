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
        studies.MapGet("", StudiesEndpoints.ListAsync);
        studies.MapGet("{study}", StudiesEndpoints.GetAsync);
        studies.MapGet("{study}/overview", ScalingEndpoints.OverviewAsync);
        studies.MapGet("{study}/dataset", ScalingEndpoints.DatasetAsync);
        studies.MapGet("{study}/fit", ScalingEndpoints.FitAsync);
        studies.MapGet("{study}/fits", ScalingEndpoints.FitHistoryAsync);
        studies.MapGet("{study}/saturation", ScalingEndpoints.SaturationAsync);
        studies.MapGet("{study}/crossover", ScalingEndpoints.CrossoverAsync);
        studies.MapGet("{study}/plan", ScalingEndpoints.PlanAsync);
        studies.MapGet("{study}/forecasts", ScalingEndpoints.ForecastsAsync);
        studies.MapGet("{study}/reuse", ScalingEndpoints.ReuseAsync);
        studies.MapGet("{study}/warnings", ScalingEndpoints.WarningsAsync);
        studies.MapPut("{study}/mapping", ScalingEndpoints.MapAsync);
        studies.MapPost("{study}/archive", ArchiveStudyEndpoint.HandleAsync).WithName(ArchiveStudyEndpoint.Name);
        return app;
    }
}
