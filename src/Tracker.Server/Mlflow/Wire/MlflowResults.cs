using System.Text.Json;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Mlflow;

namespace Tracker.Server.Mlflow.Wire;

/// <summary>Answers in MLflow's shape: snake_case JSON, errors as <c>{"error_code", "message"}</c> with MLflow's status.</summary>
public static class MlflowResults
{
    private static readonly object Empty = new Dictionary<string, object>();

    public static IResult Ok<T>(T body) => new JsonAnswer(200, body!, null);

    public static IResult Empty200() => new JsonAnswer(200, Empty, null);

    public static IResult Error(string code, string message) =>
        new JsonAnswer(MlflowErrorCode.HttpStatus(code), new MlflowError(code, message), code == MlflowErrorCode.TemporarilyUnavailable ? 1 : null);

    public static IResult Invalid(string message) => Error(MlflowErrorCode.InvalidParameterValue, message);

    public static IResult NotFound(string message) => Error(MlflowErrorCode.ResourceDoesNotExist, message);

    /// <summary>A rejected or failed command: its title is the MLflow code when the decider chose one.</summary>
    public static IResult From(CommandOutcome outcome) =>
        Error(MlflowErrorCode.IsCode(outcome.Title) ? outcome.Title! : MlflowErrorCode.ForStatus(outcome.Status),
            outcome.Detail ?? outcome.Title ?? "the request failed");

    private sealed class JsonAnswer(int status, object body, int? retryAfterSeconds) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/json";
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), MlflowJson.Options, httpContext.RequestAborted);
        }
    }
}
