using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Access;

/// <summary>What an endpoint's resource is, so access can be decided before the handler runs.</summary>
public enum Resource
{
    /// <summary>No single project: lists, filtered by the handler to what the caller sees. The caller needs the scope somewhere.</summary>
    Listing,

    /// <summary>Route value {study}.</summary>
    Study,

    /// <summary>Route value {runId}.</summary>
    Run,

    /// <summary>Route value {project}.</summary>
    Project,

    /// <summary>The target is in the body (a study name, an MLflow run id): the handler checks it with <see cref="ProjectAccess"/>.</summary>
    Body,

    /// <summary>The whole server: only a server-wide ("*") grant of the scope.</summary>
    Server,

    /// <summary>A signed-in caller is enough here; an endpoint filter of the feature decides the rest (the MLflow API,
    /// whose calls name their run or experiment in the query or the body).</summary>
    Delegated,
}

/// <summary>Endpoint metadata: the scope the caller needs on the project of <see cref="Resource"/>.</summary>
public sealed record AccessRule(Scope Scope, Resource Resource);

/// <summary>Endpoint metadata for the few endpoints anyone may call (health, sign-in page, API description).</summary>
public sealed record PublicAccess;

public static class AccessRules
{
    public const string WritePolicy = "writes";

    /// <summary>Declares who may call the endpoint; write endpoints are also rate limited per caller.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Scope scope, Resource resource)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AccessRule(scope, resource));
        builder.AllowAnonymous(); // authentication is checked by AccessMiddleware, which knows 401 from 403 from 404
        if (scope == Scope.Write)
        {
            builder.RequireRateLimiting(WritePolicy);
        }

        return builder;
    }

    public static TBuilder AllowPublic<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new PublicAccess());
        return builder.AllowAnonymous();
    }
}
