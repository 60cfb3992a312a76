using System.Net;

namespace Tracker.Client;

/// <summary>The server answered with an error: the RFC 9457 problem details it sent (status, title, detail and, for
/// invalid input, the fields at fault).</summary>
public sealed class TrackerApiException : Exception
{
    public TrackerApiException(HttpStatusCode status, string? title, string? detail, IReadOnlyList<ProblemFieldError>? errors = null, bool isTransient = false)
        : base(Describe(status, title, detail))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? [];
        IsTransient = isTransient;
    }

    public TrackerApiException()
        : this("Tracker answered with an error")
    {
    }

    public TrackerApiException(string message)
        : base(message)
    {
        Errors = [];
    }

    public TrackerApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public HttpStatusCode Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Each invalid field with what is wrong with it (<c>steps[3].reward</c>: must be a finite number).</summary>
    public IReadOnlyList<ProblemFieldError> Errors { get; }

    /// <summary>True when the status was one worth retrying and the retries ran out (the server was away, not the request wrong).</summary>
    public bool IsTransient { get; }

    private static string Describe(HttpStatusCode status, string? title, string? detail) =>
        $"Tracker answered {(int)status} {title ?? status.ToString()}{(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}";
}

/// <summary>One entry of a problem's <c>errors</c> list.</summary>
public sealed record ProblemFieldError(string Field, string Message);
