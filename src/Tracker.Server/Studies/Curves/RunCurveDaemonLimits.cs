using JasperFx.Events.Projections;

namespace Tracker.Server.Studies.Curves;

/// <summary>How many events the async daemon holds in memory for the run-curve projection. It is the one async shard
/// that reads step batches (≈ 1 MB of objects per 1,000 steps with 10 metrics once deserialised), and Marten's
/// defaults (pages of 500, up to 5,000 sequence numbers loaded ahead) let a shard that falls behind buffer gigabytes:
/// the soak benchmark grew to 3 GiB that way. Bounded here, memory stays flat whatever the lag; the cost is more,
/// smaller pages when catching up, each rewriting the curves it touches (docs/performance.md "Memory under sustained
/// load"); keeping the curves being written in memory wins part of that back.</summary>
/// <param name="BatchSize">Events fetched and applied per page (Marten's BatchSize).</param>
/// <param name="MaxEventsAhead">Sequence numbers loaded but not yet committed before the daemon stops fetching
/// (Marten's MaximumHopperSize).</param>
/// <param name="CachedCurves">Curves kept in memory between pages (Marten's CacheLimitPerTenant), so a run being
/// written is not loaded and parsed again for every page.</param>
public sealed record RunCurveDaemonLimits(int BatchSize, int MaxEventsAhead, int CachedCurves = 0)
{
    public const string CachedCurvesKey = "Tracker:Projections:RunCurves:CachedCurves";
    public const string BatchSizeKey = "Tracker:Projections:RunCurves:BatchSize";
    public const string MaxEventsAheadKey = "Tracker:Projections:RunCurves:MaxEventsAhead";

    public static RunCurveDaemonLimits Default { get; } = new(100, 200, 8);

    public static RunCurveDaemonLimits From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var batch = Count(configuration, BatchSizeKey, minimum: 1) ?? Default.BatchSize;
        var ahead = Count(configuration, MaxEventsAheadKey, minimum: 1) ?? Math.Max(Default.MaxEventsAhead, batch);
        if (ahead < batch)
        {
            throw new InvalidOperationException($"{MaxEventsAheadKey} ({ahead}) must be at least {BatchSizeKey} ({batch}): the daemon could not load one page.");
        }

        var cached = Count(configuration, CachedCurvesKey, minimum: 0) ?? Default.CachedCurves;
        return new RunCurveDaemonLimits(batch, ahead, cached);
    }

    public void ApplyTo(AsyncOptions options)
    {
        options.BatchSize = BatchSize;
        options.MaximumHopperSize = MaxEventsAhead;
        options.CacheLimitPerTenant = CachedCurves;
    }

    private static int? Count(IConfiguration configuration, string key, int minimum)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new InvalidOperationException($"{key} is '{value}'; it must be a whole number, at least {minimum}.");
    }
}
