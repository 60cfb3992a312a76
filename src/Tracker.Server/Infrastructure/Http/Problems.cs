using Tracker.Contracts.Messaging;
using Tracker.Domain.Validation;

namespace Tracker.Server.Infrastructure.Http;

/// <summary>RFC 9457 problem details that say what was wrong and where.</summary>
public static class Problems
{
    public static IResult Invalid(IReadOnlyList<ValidationError> errors) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid input",
            detail: string.Join("; ", errors.Take(10)) + (errors.Count > 10 ? $"; and {errors.Count - 10} more" : ""),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult Invalid(string field, string message) => Invalid([new ValidationError(field, message)]);

    public static IResult From(CommandOutcome outcome) =>
        Results.Problem(statusCode: outcome.Status, title: outcome.Title, detail: outcome.Detail);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
