namespace Tracker.Client.Tests.Fakes;

/// <summary>A clock that moves only when told, so retry and batching waits are asserted without sleeping.
/// With <see cref="AutoAdvance"/> every timer fires at once and the clock jumps to its due time: the code under test
/// runs at full speed while <see cref="Delays"/> records every wait it asked for.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _active = [];
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TaskCompletionSource _changed = NewSignal();

    public bool AutoAdvance { get; init; }

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_lock)
            {
                return [.. _delays];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _now += by;
            due = _active.Where(t => t.DueAt <= _now).OrderBy(t => t.DueAt).ToList();
            foreach (var timer in due)
            {
                Reschedule(timer);
            }
        }

        due.ForEach(t => t.FireLater());
        Signal();
    }

    /// <summary>Waits (in real time, at most 10 s) until a timer is pending, and returns the wait it was created with.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool>? match = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
                var timer = _active.FirstOrDefault(t => match?.Invoke(t.Requested) ?? true);
                if (timer is not null)
                {
                    return timer.Requested;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("no timer was started");
            }

            await changed.WaitAsync(left).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    internal void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (_lock)
        {
            _active.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _delays.Add(dueTime);
                timer.Requested = dueTime;
                timer.Period = period;
                timer.DueAt = _now + dueTime;
                if (dueTime == TimeSpan.Zero || AutoAdvance)
                {
                    if (timer.DueAt > _now)
                    {
                        _now = timer.DueAt;
                    }

                    fireNow = true;
                    Reschedule(timer);
                }
                else
                {
                    _active.Add(timer);
                }
            }
        }

        if (fireNow)
        {
            timer.FireLater();
        }

        Signal();
    }

    internal void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _active.Remove(timer);
        }

        Signal();
    }

    // Under the lock: a one-shot timer is done; a periodic one is due again a period later.
    private void Reschedule(ManualTimer timer)
    {
        _active.Remove(timer);
        if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan && !AutoAdvance)
        {
            timer.DueAt += timer.Period;
            _active.Add(timer);
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private int _disposed;

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public TimeSpan Requested { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return false;
            }

            owner.Schedule(this, dueTime, period);
            return true;
        }

        // On the thread pool, as a real timer does: continuations must not run inside the test's Advance call.
        public void FireLater() => ThreadPool.QueueUserWorkItem(_ =>
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                callback(state);
            }
        });

        public void Dispose()
        {
            Interlocked.Exchange(ref _disposed, 1);
            owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
