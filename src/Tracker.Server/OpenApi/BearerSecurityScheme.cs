using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tracker.Server.Security.Access;

namespace Tracker.Server.OpenApi;

/// <summary>Declares the Bearer token scheme and marks each operation whose endpoint carries an access rule (or a
/// standard authorization requirement), so the document shows exactly the access rules the endpoints carry; the
/// scope the rule needs is named in the operation's description.</summary>
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A Tracker API token: `Authorization: Bearer <token>`.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<PublicAccess>().Any())
        {
            return Task.CompletedTask;
        }

        var rule = metadata.OfType<AccessRule>().LastOrDefault();
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (rule is null && !authorized)
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        if (rule is not null)
        {
            var needs = $"Needs a token with the {rule.Scope.ToString().ToLowerInvariant()} scope {Where(rule.Resource)}.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : operation.Description + "\n\n" + needs;
        }

        return Task.CompletedTask;
    }

    private static string Where(Resource resource) => resource switch
    {
        Resource.Study => "on the study's project",
        Resource.Run => "on the run's project",
        Resource.Project => "on the project",
        Resource.Body => "on the project of the study named in the body",
        Resource.Server => "for the whole server (a \"*\" grant)",
        _ => "on at least one project (the answer lists what the token sees)",
    };
}
