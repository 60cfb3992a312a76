using Tracker.Client.Retry;

namespace Tracker.Client.Batching;

public sealed record RunLoggerOptions
{
    /// <summary>The most entries (steps and evaluations) sent in one request; the server takes at most 10,000.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>The longest an entry waits for its batch to fill before it is sent anyway.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries held in memory while waiting to be sent.</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>When the buffer is full (the server has been away long enough to fill it), how long <c>Log</c> waits
    /// for room before it drops the oldest waiting entry to make room (counted in <see cref="RunLoggerCounters.Dropped"/>).
    /// The newest data is kept because it is what a live dashboard and a loss forecast need; zero never waits.</summary>
    public TimeSpan FullWait { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Retries of a batch: by default until it goes through, so an outage of the server only delays data.</summary>
    public RetryPolicy Retry { get; init; } = new()
    {
        MaxAttempts = int.MaxValue,
        BaseDelay = TimeSpan.FromMilliseconds(500),
        MaxDelay = TimeSpan.FromSeconds(30),
    };

    /// <summary>How long disposing waits for the last entries to be sent; what is still unsent then is counted as dropped.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for batching and retry waits; by default the client's.</summary>
    public TimeProvider? TimeProvider { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, 10_000, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlushInterval, TimeSpan.Zero, nameof(FlushInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(FullWait, TimeSpan.Zero, nameof(FullWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(DisposeTimeout, TimeSpan.Zero, nameof(DisposeTimeout));
        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
    }
}
