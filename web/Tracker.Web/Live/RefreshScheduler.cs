namespace Tracker.Web.Live;

/// <summary>Coalesces bursts of change notifications into one refresh after a short quiet delay, and never runs two
/// refreshes at once: a request during a refresh schedules exactly one more. Keeps a busy study (hundreds of
/// notifications a second) from re-querying per notification, and the page from flickering.</summary>
public sealed class RefreshScheduler(Func<Task> refresh, TimeSpan delay) : IDisposable
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
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
                await Task.Delay(delay, _stop.Token);
                lock (_gate)
                {
                    _again = false;
                }

                await refresh();
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

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
