using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Infrastructure.Observability;

/// <summary>OpenTelemetry metrics (Prometheus at /metrics, OTLP when configured), traces (OTLP when configured),
/// correlation ids in log scopes, and the JSON console format. See docs/operations.md, "Observability".</summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddTrackerObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TrackerMetrics>();
        builder.Services.AddSingleton<ProjectionLagSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionLagSampler>());

        // Logging:Console:FormatterName=json selects the JSON formatter (built in); scopes carry the correlation id,
        // so they are on unless the configuration says otherwise.
        if (builder.Configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
        {
            builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("tracker", serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithMetrics(m =>
            {
                m.AddMeter(TrackerMetrics.MeterName, "MassTransit", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    // Every scrape sees current values (the exporter would otherwise answer a cached page for 300 ms).
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            });

        // Traces are exported only to an OTLP collector; without one no tracer provider samples (ASP.NET Core still
        // gives every request a W3C trace id, which is the default correlation id).
        if (otlp)
        {
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path))
                .AddSource("MassTransit", "Npgsql")
                .AddOtlpExporter());
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter();
            });
        }

        return builder;
    }

    /// <summary>The correlation scope around every request, and /metrics with its access rule. Call it first after
    /// Build, so the scope covers the rest of the pipeline.</summary>
    public static WebApplication MapTrackerObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ObservabilityOptions>();
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseMiddleware<MetricsChallenge>();
        var sampler = app.Services.GetRequiredService<ProjectionLagSampler>();
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
            {
                try
                {
                    await sampler.RefreshAsync(http.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The scrape still answers, with the lag gauges' last values.
                    http.RequestServices.GetRequiredService<ILogger<ProjectionLagSampler>>().LogWarning(ex, "Reading projection progress for a scrape failed");
                }

                await next(http);
            }), optionsName: null)
            .ExcludeFromDescription();
        if (options.PublicMetrics)
        {
            endpoint.AllowPublic();
        }
        else
        {
            endpoint.RequireAccess(Scope.Read, Security.Access.Resource.Server);
        }

        return app;
    }

    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_blazor");
}
