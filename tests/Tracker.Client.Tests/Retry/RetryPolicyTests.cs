using System.Net;
using System.Net.Http.Headers;
using Tracker.Client.Retry;

namespace Tracker.Client.Tests.Retry;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy NoJitter = new() { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Random = () => 0 };

    [Fact]
    public void Backoff_doubles_from_the_base_and_stops_at_the_cap()
    {
        var delays = Enumerable.Range(1, 6).Select(a => NoJitter.DelayBefore(a).TotalMilliseconds);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays);
    }

    [Fact]
    public void Backoff_does_not_overflow_after_many_attempts()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), NoJitter.DelayBefore(10_000));
    }

    [Theory]
    [InlineData(0.0, 400)]
    [InlineData(0.5, 300)]
    [InlineData(0.999999, 200)]
    public void Jitter_takes_up_to_its_fraction_off_the_wait(double random, double expectedMs)
    {
        var policy = NoJitter with { Jitter = 0.5, Random = () => random };

        Assert.Equal(expectedMs, policy.DelayBefore(3).TotalMilliseconds, precision: 0);
    }

    [Fact]
    public void Retry_after_wins_over_backoff_without_jitter_and_is_capped()
    {
        var policy = NoJitter with { Jitter = 1, Random = () => 0.9, MaxRetryAfter = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(1, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayBefore(1, TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.Zero, policy.DelayBefore(1, TimeSpan.FromSeconds(-5)));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    public void Only_transient_statuses_are_retryable(HttpStatusCode status, bool retryable)
    {
        Assert.Equal(retryable, new RetryPolicy().IsRetryable(status));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_a_date()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.From(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.From(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Null(RetryAfter.From(null, now));
    }
}
