using Marten;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Studies;

public static class StudiesModule
{
    public static IHostApplicationBuilder AddStudiesModule(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
            options.Projections.Add<StudySummaryProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline));
        return builder;
    }

    public static IEndpointRouteBuilder MapStudiesEndpoints(this IEndpointRouteBuilder app)
    {
        var studies = app.MapGroup("/api/v1/studies").WithTags("Studies");
        studies.MapGet("", StudiesEndpoints.ListAsync);
        studies.MapGet("{study}", StudiesEndpoints.GetAsync);
        return app;
    }
}
