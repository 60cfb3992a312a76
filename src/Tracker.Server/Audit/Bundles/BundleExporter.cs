using System.Reflection;
using System.Text.Json;
using Tracker.Contracts.Audit;
using Tracker.Domain.Audit;
using Tracker.Domain.Identity;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.Bundles;

/// <summary>Writes a study's bundle: a header line, every event of the study stream and its runs in global sequence
/// order (data and metadata as stored, with the hash), and a manifest with counts, chain heads and the anchor, checked
/// while writing.</summary>
public sealed class BundleExporter(StoredEventReader events)
{
    public static string ToolVersion { get; } =
        "Tracker.Server/" + (typeof(BundleExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task<BundleManifest> WriteAsync(string study, Stream output, CancellationToken ct)
    {
        var streams = await events.StudyStreamsAsync(DeterministicGuid.ForStudy(study), study, ct);
        await WriteLineAsync(output, new BundleHeader("bundle", BundleFormat.Name, study, DateTimeOffset.UtcNow, ToolVersion), ct);

        var chains = new Dictionary<Guid, StreamChain>();
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long count = 0, first = 0, last = 0;
        await foreach (var e in events.ReadAsync(new EventFilter { Streams = streams }, ct))
        {
            using var data = JsonDocument.Parse(e.DataJson);
            if (!chains.TryGetValue(e.StreamId, out var chain))
            {
                chains[e.StreamId] = chain = new StreamChain(e.StreamId);
            }

            chain.Add(e.Version, e.Sequence, e.Type, e.Timestamp, data.RootElement, e.Metadata, e.Hash);
            byType[e.Type] = byType.GetValueOrDefault(e.Type) + 1;
            first = count++ == 0 ? e.Sequence : first;
            last = e.Sequence;
            await WriteLineAsync(output, new BundleEvent("event", e.Id, e.StreamId, e.Version, e.Sequence, e.Type, e.ClrType, e.Timestamp,
                e.CorrelationId, e.CausationId, e.User, e.Headers, data.RootElement, e.Hash), ct);
        }

        var report = Verify.ChainVerifier.Report($"study {study}", chains.Values, 0);
        var manifest = new BundleManifest("manifest", BundleFormat.Name, study, ToolVersion, count, chains.Count, byType, first, last,
            report.Heads, report.Anchor, report.Ok && report.UnhashedEvents == 0, report.Breaks.Count);
        await WriteLineAsync(output, manifest, ct);
        return manifest;
    }

    private static async Task WriteLineAsync<T>(Stream output, T line, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(output, line, TrackerJson.Options, ct);
        await output.WriteAsync(NewLine, ct);
    }
}
