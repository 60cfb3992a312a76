namespace Tracker.Server.Infrastructure.Http;

public static class HttpSetup
{
    public const string MaxBodyKey = "Tracker:Ingestion:MaxRequestBodyBytes";

    public static IHostApplicationBuilder AddTrackerHttp(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => TrackerJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        // One limit for every body; 10,000 steps with a few dozen metrics each fit comfortably.
        var maxBody = MaxBodyBytes(builder.Configuration);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = maxBody);
        return builder;
    }

    public static long MaxBodyBytes(IConfiguration configuration) => configuration.GetValue(MaxBodyKey, 64L * 1024 * 1024);

    /// <summary>Refuses a declared body over the limit before reading it; Kestrel enforces the same limit on chunked bodies.</summary>
    public static RouteGroupBuilder WithBodyLimit(this RouteGroupBuilder group, long maxBytes) =>
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.ContentLength > maxBytes
                ? Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Body too large",
                    detail: $"the request body has {context.HttpContext.Request.ContentLength} bytes, over the limit of {maxBytes} ({MaxBodyKey}); send smaller batches")
                : await next(context));
}
