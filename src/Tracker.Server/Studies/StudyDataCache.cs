using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Tracker.Contracts.Studies;

namespace Tracker.Server.Studies;

/// <summary>The derived points of recently read studies, keyed by the study's high-water mark: events never change,
/// so the same mark means the same data, and a large study is read and derived once per change, not per request.</summary>
public sealed class StudyDataCache : IDisposable
{
    /// <summary>What the cache may hold by estimate; a study larger than that is derived on every change instead.</summary>
    public const long DefaultLimitBytes = 1L << 30;

    // Sized by estimated bytes, curves included: a study keeps its runs' whole curves (every step), which for long
    // runs weigh far more than its points (1,000 steps per evaluation ≈ 56 KB per point).
    private readonly MemoryCache _cache;

    public StudyDataCache()
        : this(DefaultLimitBytes)
    {
    }

    public StudyDataCache(long limitBytes) => _cache = new(new MemoryCacheOptions { SizeLimit = limitBytes });

    public bool TryGet(string study, long highWaterMark, string lossDataset, out StudyData data)
    {
        data = null!;
        if (_cache.TryGetValue(study, out StudyData? cached) && cached is not null
            && cached.HighWaterMark == highWaterMark && cached.Summary.LossDataset == lossDataset)
        {
            data = cached;
            return true;
        }

        return false;
    }

    /// <summary>The newest derivation kept for the study, whatever its mark: its unchanged curves can be reused.</summary>
    public StudyData? Latest(string study) => _cache.TryGetValue(study, out StudyData? cached) ? cached : null;

    public void Set(StudyData data) =>
        _cache.Set(data.Summary.Id, data, new MemoryCacheEntryOptions { Size = EstimatedBytes(data), SlidingExpiration = TimeSpan.FromMinutes(30) });

    /// <summary>≈ 100 bytes per point; per step of a curve its five columns (≈ 56 bytes); 16 per evaluation.</summary>
    public static long EstimatedBytes(StudyData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bytes = 1_024L + 100L * data.Points.Count;
        foreach (var curve in data.Curves)
        {
            bytes += 56L * curve.Steps.Count + 16L * curve.Evaluations.Values.Sum(e => e.Steps.Count);
        }

        return bytes;
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>Fits already computed on one StudyData (same points, same answer: the engine is deterministic).</summary>
public sealed class FitMemo
{
    private readonly ConcurrentDictionary<(string Axis, double? Holdout), FitView> _fits = new();

    public FitView GetOrAdd(string axis, double? holdout, Func<FitView> fit) => _fits.GetOrAdd((axis, holdout), _ => fit());
}
