using System.Net;

namespace Tracker.Client.Retry;

/// <summary>When and how long to wait before trying a call again. Retrying is safe because every Tracker write is
/// idempotent: a repeated registration, step or evaluation is answered as a duplicate, never stored twice.</summary>
public sealed record RetryPolicy
{
    /// <summary>The statuses worth another try: timeouts, throttling and a proxy or server that is briefly away.
    /// Every other 4xx and 5xx says the request itself is wrong, so repeating it cannot help.</summary>
    public static IReadOnlySet<HttpStatusCode> DefaultRetryableStatuses { get; } = new HashSet<HttpStatusCode>
    {
        HttpStatusCode.RequestTimeout,
        HttpStatusCode.TooManyRequests,
        HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable,
        HttpStatusCode.GatewayTimeout,
    };

    /// <summary>Total tries including the first; <see cref="int.MaxValue"/> retries until the call is cancelled.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait before the first retry; it doubles on every further one.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest computed wait between two tries.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The fraction of each wait that is random, 0 to 1: with 0.5 a wait of d becomes a value in [d/2, d].
    /// It keeps many workers that failed together from coming back together.</summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>The longest a server's Retry-After is honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlySet<HttpStatusCode> RetryableStatuses { get; init; } = DefaultRetryableStatuses;

    /// <summary>Source of the jitter, a value in [0, 1); replaceable so that tests can fix it.</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>Never retries: for callers that do their own.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    public bool IsRetryable(HttpStatusCode status) => RetryableStatuses.Contains(status);

    /// <summary>The wait after failed try number <paramref name="attempt"/> (1-based). A server's Retry-After wins
    /// over the computed backoff, without jitter: it knows when it will be back.</summary>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (retryAfter is { } serverWait)
        {
            return serverWait < TimeSpan.Zero ? TimeSpan.Zero : serverWait > MaxRetryAfter ? MaxRetryAfter : serverWait;
        }

        // 2^(attempt-1) overflows long before the cap matters; stop doubling once past MaxDelay.
        var exponent = Math.Min(attempt - 1, 62);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(ticks, MaxDelay.Ticks);
        var jitter = Math.Clamp(Jitter, 0, 1) * Math.Clamp(Random(), 0, 1);
        return TimeSpan.FromTicks((long)(capped * (1 - jitter)));
    }
}
