using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Contracts.Import;
using Tracker.Server.Import.Mlflow;
using Tracker.Server.Import.Sources;
using Tracker.Server.Import.Wandb;
using Tracker.Server.OpenApi;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Import;

/// <summary>Imports of data recorded elsewhere, written through the same run commands and writer as live ingestion.</summary>
public static class ImportModule
{
    public const string MaxCsvBytesKey = "Tracker:Import:MaxCsvBytes";

    public static IHostApplicationBuilder AddImportModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<RunImporter>();
        builder.Services.TryAddSingleton<PaperCsvImporter>();
        builder.Services.TryAddSingleton<StudyImportConventions>();
        builder.Services.TryAddSingleton<SourceImport>();
        return builder;
    }

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var import = app.MapGroup("/api/v1/import").WithTags("Import");
        import.MapPost("paper-csv", PaperCsvEndpoint.HandleAsync)
            .WithName("ImportPaperCsv")
            .RequireAccess(Scope.Write, Resource.Study)
            .WithSummary("Import a CSV in the paper's analysis format (?study=S)")
            .Accepts<string>("text/csv")
            .Produces<PaperCsvImportResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        var study = app.MapGroup("/api/v1/studies/{study}/import").WithTags("Import");
        study.MapPost("mlflow", MlflowImportEndpoint.HandleAsync)
            .WithName("ImportMlflowRuns")
            .RequireAccess(Scope.Write, Resource.Study)
            .WithSummary("Import MLflow runs exported by mlflow-export-import (one run.json, or an array of them)")
            .Accepts<string>("application/json")
            .Produces<RunImportResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        study.MapPost("wandb-csv", WandbCsvImportEndpoint.HandleAsync)
            .WithName("ImportWandbHistoryCsv")
            .RequireAccess(Scope.Write, Resource.Study)
            .WithSummary("Import one run's W&B history CSV (?run=NAME), with its config as an optional multipart part")
            .Accepts<string>("text/csv", "multipart/form-data")
            .Produces<RunImportResult>()
            .ProducesInvalidInput()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>Largest imported file accepted (default 64 MiB: the paper's 63 runs take about 2 MB as CSV).</summary>
    public static long MaxCsvBytes(IConfiguration configuration) => configuration.GetValue(MaxCsvBytesKey, 64L * 1024 * 1024);
}
