namespace Tracker.Server.Mlflow.Wire;

/// <summary>MLflow's error codes and their HTTP statuses (mlflow/exceptions.py ERROR_CODE_TO_HTTP_STATUS). The MLflow
/// client retries 429, 500, 502, 503 and 504 for minutes, POSTs included, so a client's mistake is always a 4xx.</summary>
public static class MlflowErrorCode
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string BadRequest = "BAD_REQUEST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";

    private static readonly HashSet<string> Codes =
    [
        InvalidParameterValue, BadRequest, ResourceAlreadyExists, ResourceDoesNotExist, EndpointNotFound, PermissionDenied,
        Unauthenticated, RequestLimitExceeded, TemporarilyUnavailable, InternalError,
    ];

    public static bool IsCode(string? text) => text is not null && Codes.Contains(text);

    public static int HttpStatus(string code) => code switch
    {
        InvalidParameterValue or BadRequest or ResourceAlreadyExists => 400,
        Unauthenticated => 401,
        PermissionDenied => 403,
        ResourceDoesNotExist or EndpointNotFound => 404,
        RequestLimitExceeded => 429,
        TemporarilyUnavailable => 503,
        _ => 500,
    };

    /// <summary>The MLflow code for a Tracker command outcome's HTTP status.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 or 409 or 413 or 422 => InvalidParameterValue,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => ResourceDoesNotExist,
        429 => RequestLimitExceeded,
        503 or 504 => TemporarilyUnavailable,
        _ => InternalError,
    };
}
