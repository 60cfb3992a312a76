using Marten;
using Microsoft.Extensions.Caching.Memory;
using Tracker.Domain.Runs;

namespace Tracker.Server.Runs.Writing;

/// <summary>Keeps each run's <see cref="RunLedger"/> in memory between commands, so the hot path decides without
/// reading the stream. A ledger may be stale when another node wrote the run; the append's expected-version check
/// catches that, and <see cref="CatchUpAsync"/> reads only the events it missed.</summary>
public sealed class RunLedgerCache(IDocumentStore store) : IDisposable
{
    // Bounded by fingerprints held (≈ 40 bytes each), not by runs: one huge run weighs what it costs.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000_000 });

    public async Task<RunLedger> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(runId, out RunLedger? ledger) && ledger is not null)
        {
            return ledger;
        }

        ledger = new RunLedger(runId);
        await CatchUpAsync(ledger, cancellationToken);
        return ledger;
    }

    /// <summary>Folds the events stored after the ledger's version into it.</summary>
    public async Task CatchUpAsync(RunLedger ledger, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(ledger.RunId, fromVersion: ledger.Version + 1, token: cancellationToken);
        foreach (var e in events)
        {
            ledger.Apply(e.Data, e.Version);
        }
    }

    public void Remember(RunLedger ledger)
    {
        if (ledger.Registration is not null)
        {
            _cache.Set(ledger.RunId, ledger, new MemoryCacheEntryOptions { Size = ledger.StepCount + 1, SlidingExpiration = TimeSpan.FromHours(1) });
        }
    }

    public void Dispose() => _cache.Dispose();
}
