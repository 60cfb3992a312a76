using Microsoft.AspNetCore.Mvc;
using Tracker.Domain.Validation;

namespace Tracker.Server.OpenApi;

/// <summary>Short forms for the metadata the endpoints declare for the OpenAPI document. Handlers read their bodies
/// themselves (for precise 400s), so the request body type is declared with <see cref="AcceptsJson{T}"/>.</summary>
public static class EndpointDocs
{
    public const string ProblemContentType = "application/problem+json";

    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder)
        where TBody : notnull =>
        builder.Accepts<TBody>("application/json");

    /// <summary>400 with every invalid field listed in <c>errors</c>.</summary>
    public static RouteHandlerBuilder ProducesInvalidInput(this RouteHandlerBuilder builder) =>
        builder.Produces<InvalidInputProblem>(StatusCodes.Status400BadRequest, ProblemContentType);

    /// <summary>Plain problem details for each status (404 unknown, 409 conflict, 413 too large, 503 retry later …).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}

/// <summary>The 400 answer's shape: RFC 9457 problem details plus each invalid field and what is wrong with it.</summary>
public sealed class InvalidInputProblem : ProblemDetails
{
    public IReadOnlyList<ValidationError> Errors { get; init; } = [];
}
