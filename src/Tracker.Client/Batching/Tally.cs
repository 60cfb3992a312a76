namespace Tracker.Client.Batching;

/// <summary>The logger's counters, updated from the caller's thread and the send loop alike, and a signal that
/// wakes flushes whenever entries are settled.</summary>
internal sealed class Tally
{
    private long _logged;
    private long _sent;
    private long _duplicates;
    private long _dropped;
    private long _rejected;
    private long _sanitized;
    private long _failedAttempts;
    private TaskCompletionSource _progress = NewSignal();

    public long Logged => Volatile.Read(ref _logged);

    /// <summary>Entries with a final fate: sent, dropped or rejected.</summary>
    public long Settled => Volatile.Read(ref _sent) + Volatile.Read(ref _dropped) + Volatile.Read(ref _rejected);

    /// <summary>Completes at the next settlement; take it before checking <see cref="Settled"/> so none is missed.</summary>
    public Task Progress => Volatile.Read(ref _progress).Task;

    public void AddLogged() => Interlocked.Increment(ref _logged);

    public void AddSanitized() => Interlocked.Increment(ref _sanitized);

    public void AddFailedAttempt() => Interlocked.Increment(ref _failedAttempts);

    public void AddSent(long count, long duplicates)
    {
        Interlocked.Add(ref _sent, count);
        Interlocked.Add(ref _duplicates, duplicates);
        Signal();
    }

    public void AddDropped(long count)
    {
        Interlocked.Add(ref _dropped, count);
        Signal();
    }

    public void AddRejected(long count)
    {
        Interlocked.Add(ref _rejected, count);
        Signal();
    }

    public RunLoggerCounters Snapshot() => new(
        Volatile.Read(ref _logged),
        Volatile.Read(ref _sent),
        Volatile.Read(ref _duplicates),
        Volatile.Read(ref _dropped),
        Volatile.Read(ref _rejected),
        Volatile.Read(ref _sanitized),
        Volatile.Read(ref _failedAttempts));

    /// <summary>Wakes everyone waiting on <see cref="Progress"/>.</summary>
    public void Signal() => Interlocked.Exchange(ref _progress, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
