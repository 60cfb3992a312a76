using System.Diagnostics;

namespace Tracker.Web.Live;

/// <summary>Turns bursts of change notifications into few refreshes: the first request after a quiet period runs at
/// once, requests during a refresh (or within <c>delay</c> after one) are coalesced into exactly one more refresh
/// <c>delay</c> later, and two refreshes never overlap. A busy study (hundreds of notifications a second) then costs
/// at most one re-read per delay, and a lone change shows without waiting.</summary>
public sealed class RefreshScheduler(Func<Task> refresh, TimeSpan delay) : IDisposable
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private long _lastFinished = Stopwatch.GetTimestamp() - (long)(delay.TotalSeconds * Stopwatch.Frequency) - 1;
    private bool _running;
    private bool _again;

    public void Request()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_running)
            {
                _again = true;
                return;
            }

            _running = true;
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                var wait = delay - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastFinished));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                lock (_gate)
                {
                    _again = false;
                }

                try
                {
                    await refresh();
                }
                finally
                {
                    Interlocked.Exchange(ref _lastFinished, Stopwatch.GetTimestamp());
                }

                lock (_gate)
                {
                    if (!_again || _stop.IsCancellationRequested)
                    {
                        _running = false;
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            lock (_gate)
            {
                _running = false;
            }
        }
    }

    public void Dispose() => _stop.Cancel();
}
