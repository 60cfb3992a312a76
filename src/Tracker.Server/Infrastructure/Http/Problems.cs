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

    public static IResult From(CommandOutcome outcome)
    {
        var problem = Results.Problem(statusCode: outcome.Status, title: outcome.Title, detail: outcome.Detail);
        return outcome.Status == StatusCodes.Status503ServiceUnavailable ? new RetryAfter(problem, seconds: 1) : problem;
    }

    /// <summary>Tells clients when to retry (the Python and .NET clients honour it).</summary>
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
