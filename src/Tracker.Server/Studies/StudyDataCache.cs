using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Tracker.Contracts.Studies;

namespace Tracker.Server.Studies;

/// <summary>The derived points of recently read studies, keyed by the study's high-water mark: events never change,
/// so the same mark means the same data, and a large study is read and derived once per change, not per request.</summary>
public sealed class StudyDataCache : IDisposable
{
    // Bounded by points held (≈ 100 bytes each with their curves).
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000_000 });

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
        _cache.Set(data.Summary.Id, data, new MemoryCacheEntryOptions { Size = data.Points.Count + 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    public void Dispose() => _cache.Dispose();
}

/// <summary>Fits already computed on one StudyData (same points, same answer: the engine is deterministic).</summary>
public sealed class FitMemo
{
    private readonly ConcurrentDictionary<(string Axis, double? Holdout), FitView> _fits = new();

    public FitView GetOrAdd(string axis, double? holdout, Func<FitView> fit) => _fits.GetOrAdd((axis, holdout), _ => fit());
}
