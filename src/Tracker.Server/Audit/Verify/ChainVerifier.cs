using System.Diagnostics;
using System.Text.Json;
using Tracker.Contracts.Audit;
using Tracker.Domain.Audit;
using Tracker.Server.Audit.Storage;

namespace Tracker.Server.Audit.Verify;

/// <summary>Recomputes the hash chains of the stored events, one pass in stream order, and anchors the heads.</summary>
public sealed class ChainVerifier(StoredEventReader events)
{
    /// <param name="streams">Null: every stream in the store.</param>
    public async Task<VerifyReport> VerifyAsync(string scope, IReadOnlyCollection<Guid>? streams, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var chains = new List<StreamChain>();
        StreamChain? chain = null;
        await foreach (var e in events.ReadAsync(new EventFilter { Streams = streams, ByStream = true }, ct))
        {
            if (chain?.StreamId != e.StreamId)
            {
                chains.Add(chain = new StreamChain(e.StreamId));
            }

            using var data = JsonDocument.Parse(e.DataJson);
            chain.Add(e.Version, e.Sequence, e.Type, e.Timestamp, data.RootElement, e.Metadata, e.Hash);
        }

        return Report(scope, chains, clock.Elapsed.TotalSeconds);
    }

    public static VerifyReport Report(string scope, IReadOnlyCollection<StreamChain> chains, double seconds)
    {
        var breaks = chains.Where(c => c.Break is not null).Select(c => c.Break!).OrderBy(b => b.Sequence).ToList();
        var heads = chains.Select(c => c.ToHead()).OrderBy(h => h.StreamId.ToString("D"), StringComparer.Ordinal).ToList();
        var count = chains.Sum(c => c.Events);
        return new VerifyReport(
            breaks.Count == 0,
            scope,
            chains.Count,
            count,
            chains.Sum(c => c.Unhashed),
            breaks.FirstOrDefault(),
            breaks,
            heads,
            EventHash.Anchor(heads),
            seconds,
            seconds > 0 ? count / seconds : 0);
    }
}
