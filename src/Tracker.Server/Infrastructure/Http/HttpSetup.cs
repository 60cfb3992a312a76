namespace Tracker.Server.Infrastructure.Http;

public static class HttpSetup
{
    public static IHostApplicationBuilder AddTrackerHttp(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => TrackerJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        // One limit for every body; 10,000 steps with a few dozen metrics each fit comfortably.
        var maxBody = builder.Configuration.GetValue<long>("Tracker:Ingestion:MaxRequestBodyBytes", 64L * 1024 * 1024);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = maxBody);
        return builder;
    }
}
