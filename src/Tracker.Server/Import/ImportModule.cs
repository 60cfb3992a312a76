using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tracker.Server.Import;

/// <summary>Imports of data recorded elsewhere, written through the same run commands and writer as live ingestion.</summary>
public static class ImportModule
{
    public const string MaxCsvBytesKey = "Tracker:Import:MaxCsvBytes";

    public static IHostApplicationBuilder AddImportModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<PaperCsvImporter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var import = app.MapGroup("/api/v1/import").WithTags("Import");
        import.MapPost("paper-csv", PaperCsvEndpoint.HandleAsync);
        return app;
    }

    /// <summary>Largest CSV accepted (default 64 MiB: the paper's 63 runs take about 2 MB).</summary>
    public static long MaxCsvBytes(IConfiguration configuration) => configuration.GetValue(MaxCsvBytesKey, 64L * 1024 * 1024);
}
