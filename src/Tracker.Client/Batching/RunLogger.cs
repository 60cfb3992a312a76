using System.Threading.Channels;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Batching;

/// <summary>Batching logger for one run of a training job. <see cref="Log"/> and <see cref="LogEvaluation"/> only put
/// the entry in a bounded in-memory buffer and return; a background loop sends batches of up to
/// <see cref="RunLoggerOptions.BatchSize"/> entries, or whatever is waiting after <see cref="RunLoggerOptions.FlushInterval"/>,
/// in the order they were logged, retrying while the server is away. When the buffer is full, Log waits at most
/// <see cref="RunLoggerOptions.FullWait"/> for room and then drops the oldest waiting entry (see <see cref="Counters"/>).
/// Nothing here throws into the training loop because of the network.</summary>
public sealed class RunLogger : IAsyncDisposable
{
    private readonly TrackerClient _client;
    private readonly RunLoggerOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<LogEntry> _buffer;
    private readonly Tally _tally = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly BatchSender _sender;
    private readonly Task _loop;
    // Taken to give an entry its sequence and write it in one step, so that queue order is sequence order.
    private readonly Lock _enqueue = new();
    private TaskCompletionSource _flushSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSequence;
    private long _settledSequence;
    private long _flushWanted;
    private int _closed;

    public RunLogger(TrackerClient client, Guid runId, RunLoggerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new RunLoggerOptions();
        _options.Validate();
        _client = client;
        RunId = runId;
        _time = _options.TimeProvider ?? client.Options.TimeProvider;
        // Several readers: the send loop, and Log itself when it drops the oldest entry to make room.
        _buffer = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _sender = new BatchSender(client, runId, _options.Retry, _tally, _stop.Token);
        _loop = Task.Run(RunAsync);
    }

    public Guid RunId { get; }

    public RunLoggerCounters Counters => _tally.Snapshot();

    /// <summary>The last error met while sending (retried or not), for diagnostics.</summary>
    public Exception? LastError => _sender.LastError;

    /// <summary>Registers the run (retried like every call) and returns a logger for it.</summary>
    public static async Task<RunLogger> StartAsync(TrackerClient client, RegisterRunRequest registration, RunLoggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var run = await client.RegisterRunAsync(registration, cancellationToken);
        return new RunLogger(client, run.RunId, options);
    }

    /// <summary>Queues a step. Non-finite numbers are left out of it (see <see cref="RunLoggerCounters.Sanitized"/>);
    /// a negative step is counted as rejected.</summary>
    public void Log(StepData step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _tally.AddLogged();
        if (!EntryCheck.IsAcceptable(step))
        {
            _tally.AddRejected(1);
            return;
        }

        var clean = EntryCheck.Sanitize(step);
        if (!ReferenceEquals(clean, step))
        {
            _tally.AddSanitized();
        }

        Enqueue(clean, null);
    }

    /// <summary>Queues an evaluation; one with pass@1 outside [0, 1], no dataset or a negative step is counted as rejected.</summary>
    public void LogEvaluation(EvaluationData evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        _tally.AddLogged();
        if (!EntryCheck.IsAcceptable(evaluation))
        {
            _tally.AddRejected(1);
            return;
        }

        Enqueue(null, evaluation);
    }

    /// <summary>Sends what is waiting now, without waiting for a full batch, and completes when every entry queued
    /// before the call has been through the send loop (sent or rejected; an entry dropped from a full buffer is
    /// passed over). While the server is away this waits for it: bound it with the token.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Volatile.Read(ref _lastSequence);
        RequestFlush(target);
        while (true)
        {
            var progress = _tally.Progress;
            if (Volatile.Read(ref _settledSequence) >= target || _loop.IsCompleted)
            {
                return;
            }

            await progress.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Flushes, then finishes the run (completed, failed or killed).</summary>
    public async Task<RunSummaryView> FinishAsync(string status, string? reason = null, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        return await _client.FinishRunAsync(RunId, status, reason, cancellationToken);
    }

    /// <summary>Sends what is left, waiting at most <see cref="RunLoggerOptions.DisposeTimeout"/>; entries still
    /// unsent then are counted as dropped. Entries logged afterwards are dropped too.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        _buffer.Writer.TryComplete();
        RequestFlush(long.MaxValue);
        try
        {
            await _loop.WaitAsync(_options.DisposeTimeout, _time);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var unsettled = _tally.Logged - _tally.Settled;
        if (unsettled > 0)
        {
            _tally.AddDropped(unsettled);
        }

        _stop.Dispose();
    }

    private void Enqueue(StepData? step, EvaluationData? evaluation)
    {
        if (TryWrite(step, evaluation) || (_options.FullWait > TimeSpan.Zero && WaitForRoom(step, evaluation)))
        {
            return;
        }

        // Still full: the oldest waiting entry makes room, so the buffer always holds the latest data.
        while (!TryWrite(step, evaluation))
        {
            if (Volatile.Read(ref _closed) == 1)
            {
                _tally.AddDropped(1);
                return;
            }

            if (_buffer.Reader.TryRead(out _))
            {
                _tally.AddDropped(1);
            }
        }
    }

    private bool TryWrite(StepData? step, EvaluationData? evaluation)
    {
        lock (_enqueue)
        {
            if (!_buffer.Writer.TryWrite(new LogEntry(_lastSequence + 1, step, evaluation)))
            {
                return false;
            }

            Volatile.Write(ref _lastSequence, _lastSequence + 1);
            return true;
        }
    }

    private bool WaitForRoom(StepData? step, EvaluationData? evaluation)
    {
        using var timeout = new CancellationTokenSource(_options.FullWait, _time);
        try
        {
            // Blocks the caller at most FullWait, and only when the buffer is already full.
            while (_buffer.Writer.WaitToWriteAsync(timeout.Token).AsTask().GetAwaiter().GetResult())
            {
                if (TryWrite(step, evaluation))
                {
                    return true;
                }
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void RequestFlush(long target)
    {
        var current = Volatile.Read(ref _flushWanted);
        while (current < target)
        {
            var seen = Interlocked.CompareExchange(ref _flushWanted, target, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        Interlocked.Exchange(ref _flushSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    // Some entry a flush waits for is not through yet; with the buffer empty it can only be in the batch at hand.
    private bool FlushWanted() => Volatile.Read(ref _flushWanted) > Volatile.Read(ref _settledSequence);

    private async Task RunAsync()
    {
        var batch = new List<LogEntry>(_options.BatchSize);
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(_stop.Token))
            {
                await FillAsync(batch, _time.GetUtcNow() + _options.FlushInterval);
                if (batch.Count > 0)
                {
                    await _sender.SendAsync(batch);
                    Volatile.Write(ref _settledSequence, batch[^1].Sequence);
                    _tally.Signal();
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposal gave up waiting; what is unsent is counted as dropped there.
        }
    }

    /// <summary>Takes entries until the batch is full, the first one has waited a flush interval, a flush asks for
    /// them, or the buffer is closed.</summary>
    private async Task FillAsync(List<LogEntry> batch, DateTimeOffset deadline)
    {
        var reader = _buffer.Reader;
        while (batch.Count < _options.BatchSize)
        {
            if (reader.TryRead(out var entry))
            {
                batch.Add(entry);
                continue;
            }

            var flushSignal = Volatile.Read(ref _flushSignal).Task;
            var remaining = deadline - _time.GetUtcNow();
            if (batch.Count == 0 || FlushWanted() || reader.Completion.IsCompleted || remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var readable = reader.WaitToReadAsync(wait.Token).AsTask();
            var timeout = Task.Delay(remaining, _time, wait.Token);
            await Task.WhenAny(readable, timeout, flushSignal);
            await wait.CancelAsync();
            _stop.Token.ThrowIfCancellationRequested();
        }
    }
}
