using System.Net.Http.Headers;

namespace Tracker.Client.Retry;

/// <summary>Reads a Retry-After header, which is either a number of seconds or an HTTP date.</summary>
public static class RetryAfter
{
    public static TimeSpan? From(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - now,
        _ => null,
    };
}
