using System.Diagnostics.Metrics;
using JasperFx.Events.Projections;
using Marten;

namespace Tracker.Server.Infrastructure.Observability;

/// <summary>Reads the async daemon's progress (mt_event_progression, every shard and the daemon's own high-water
/// mark) and the event store's last committed sequence, every few seconds and before each scrape, and serves them
/// to observable gauges: <c>tracker.projection.lag</c> (events behind, per shard), <c>tracker.projection.position</c>
/// and <c>tracker.events.sequence</c>. Gauges are read synchronously, so the database is read here, not in them.</summary>
public sealed class ProjectionLagSampler : BackgroundService
{
    private static readonly TimeSpan MinimumAge = TimeSpan.FromMilliseconds(250);
    private readonly IDocumentStore _store;
    private readonly ObservabilityOptions _options;
    private readonly ILogger<ProjectionLagSampler> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _last;

    public ProjectionLagSampler(IDocumentStore store, TrackerMetrics metrics, ObservabilityOptions options, ILogger<ProjectionLagSampler> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("tracker.projection.lag", () => Measure(s => s.Sequence - s.Position),
            "{event}", "Events committed to the store that an async projection shard has not processed yet (the daemon's HighWaterMark shows its detection lag).");
        metrics.Meter.CreateObservableGauge("tracker.projection.position", () => Measure(s => s.Position),
            "{event}", "The last event sequence each async projection shard has processed.");
        metrics.Meter.CreateObservableGauge("tracker.events.sequence", () => _last is { } last ? [new Measurement<long>(last.Sequence)] : Array.Empty<Measurement<long>>(),
            "{event}", "The highest committed event sequence number in the event store.");
    }

    private sealed record Shard(string Name, long Position, long Sequence);

    private sealed record Snapshot(long Sequence, IReadOnlyList<Shard> Shards, DateTimeOffset At);

    private IEnumerable<Measurement<long>> Measure(Func<Shard, long> value) =>
        _last is { } last
            ? last.Shards.Select(s => new Measurement<long>(Math.Max(0, value(s)), new KeyValuePair<string, object?>("shard", s.Name)))
            : [];

    /// <summary>Reads fresh values unless the last reading is younger than a quarter of a second.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (_last is { } recent && DateTimeOffset.UtcNow - recent.At < MinimumAge)
        {
            return;
        }

        await _gate.WaitAsync(ct);
        try
        {
            var progress = await _store.Advanced.AllProjectionProgress(token: ct);
            await using var session = _store.QuerySession();
            var schema = _store.Options.Events.DatabaseSchemaName;
            // seq_id is mt_events' key: max() is an index lookup, not a count.
            var rows = await session.AdvancedSql.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
            var sequence = rows.Count > 0 ? rows[0] : 0;
            var shards = progress.Select(p => new Shard(p.ShardName, p.Sequence, sequence)).ToList();
            _last = new Snapshot(sequence, shards, DateTimeOffset.UtcNow);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ProjectionSampleInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogDebug(ex, "Reading projection progress failed; the lag gauges keep their last values");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
