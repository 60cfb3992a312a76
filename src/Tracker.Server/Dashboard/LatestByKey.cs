using System.Collections.Concurrent;

namespace Tracker.Server.Dashboard;

/// <summary>Keeps the newest computed value per key together with the high-water mark it was computed at; a request
/// at the same mark reuses it, a newer mark recomputes. One value per key, so memory stays bounded by the keys.</summary>
public sealed class LatestByKey<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (long Mark, Lazy<TValue> Value)> _entries = new();

    /// <summary>Drops the value computed at <paramref name="mark"/> (e.g. a task that failed), so the next request computes again.</summary>
    public void Forget(TKey key, long mark)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Mark == mark)
        {
            _entries.TryRemove(new KeyValuePair<TKey, (long, Lazy<TValue>)>(key, entry));
        }
    }

    public TValue Get(TKey key, long mark, Func<TValue> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var entry = _entries.AddOrUpdate(
            key,
            _ => (mark, new Lazy<TValue>(compute)),
            (_, old) => old.Mark >= mark ? old : (mark, new Lazy<TValue>(compute)));
        if (entry.Mark != mark)
        {
            return compute();
        }

        try
        {
            return entry.Value.Value;
        }
        catch
        {
            // Lazy keeps a failure: forget it so the next request tries again.
            _entries.TryRemove(new KeyValuePair<TKey, (long, Lazy<TValue>)>(key, entry));
            throw;
        }
    }
}
