using Tracker.Server.Security.Access;
using Scalar.AspNetCore;

namespace Tracker.Server.OpenApi;

/// <summary>The native API described as OpenAPI 3.1 at <c>/openapi/v1.json</c>, browsable at <c>/docs/api</c>. The
/// document is generated from the endpoints' own metadata (<c>Accepts</c>, <c>Produces</c>, summaries), so it follows
/// the code; only <c>/api/v1</c> is described (the dashboard, health and MLflow-compatible routes have their own docs).</summary>
public static class OpenApiModule
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/docs/api";

    public static IHostApplicationBuilder AddTrackerOpenApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => IsNativeApi(description.RelativePath) && !QueryVariantDocs.IsVariant(description);
            options.AddDocumentTransformer<DocumentInfo>();
            options.AddDocumentTransformer<QueryVariantDocs>();
            options.AddDocumentTransformer<BearerSecurityScheme>();
            options.AddOperationTransformer<BearerSecurityScheme>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapTrackerOpenApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The description of the API is public: it holds no data, and clients read it before they have a token.
        app.MapOpenApi(DocumentPath).AllowPublic();
        // The page and its script come from the Scalar package itself; fonts and telemetry would reach the internet.
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Tracker API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddDocument(DocumentName)
            .DisableDefaultFonts()
            .DisableTelemetry())
            .AllowPublic();
        return app;
    }

    public static bool IsNativeApi(string? relativePath) =>
        relativePath is not null && relativePath.TrimStart('/').StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase);
}
