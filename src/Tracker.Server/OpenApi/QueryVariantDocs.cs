using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tracker.Server.Audit.TimeTravel;

namespace Tracker.Server.OpenApi;

/// <summary>Time travel answers on the live routes when the query carries its keys (<c>GET /api/v1/runs/{id}?asOf=</c>).
/// OpenAPI has one operation per path and method, so the variant is left out and its query parameters are added to
/// the live operation, described as selecting the past.</summary>
internal sealed partial class QueryVariantDocs : IOpenApiDocumentTransformer
{
    public static bool IsVariant(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<QueryVariantMetadata>().Any();

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var variants = context.DescriptionGroups.SelectMany(g => g.Items).Where(IsVariant);
        foreach (var variant in variants)
        {
            var path = DocumentPath(variant.RelativePath ?? "");
            if (document.Paths?.TryGetValue(path, out var item) != true
                || item!.Operations is not { } operations
                || !operations.TryGetValue(HttpMethod.Parse(variant.HttpMethod ?? "GET"), out var operation))
            {
                continue;
            }

            var keys = variant.ActionDescriptor.EndpointMetadata.OfType<QueryVariantMetadata>().SelectMany(m => m.Keys).ToList();
            operation.Parameters ??= [];
            foreach (var parameter in variant.ParameterDescriptions.Where(p => p.Source == BindingSource.Query || keys.Contains(p.Name)))
            {
                if (operation.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = $"Time travel: answer as of this {Describe(parameter.Name)} (one of {string.Join(", ", keys)}), folded from the stored events.",
                    Schema = await context.GetOrCreateSchemaAsync(parameter.Type, parameter, cancellationToken),
                });
            }
        }
    }

    /// <summary>The path as the document writes it: route constraints dropped (<c>{runId:guid}</c> → <c>{runId}</c>).</summary>
    public static string DocumentPath(string relativePath) =>
        "/" + RouteParameter().Replace(relativePath.TrimStart('/'), m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\**(?<name>[^}:=?]+)[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();

    private static string Describe(string name) => name switch
    {
        "asOf" => "instant (ISO 8601)",
        "version" => "stream version",
        "sequence" => "global event sequence",
        _ => "point",
    };
}
