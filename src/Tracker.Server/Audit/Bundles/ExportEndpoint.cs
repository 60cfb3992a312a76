using Tracker.Contracts.Audit;
using Tracker.Domain.Identity;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.Bundles;

public static class ExportEndpoint
{
    /// <summary>Streams the study's bundle as JSON Lines (header, events, manifest last).</summary>
    public static async Task<IResult> HandleAsync(string study, BundleExporter exporter, StoredEventReader events, CancellationToken ct)
    {
        if (!await events.ExistsAsync(DeterministicGuid.ForStudy(study), ct))
        {
            return Problems.NotFound($"study '{study}' does not exist; studies are created by registering a run in them");
        }

        return Results.Stream(
            async body =>
            {
                await using var buffered = new BufferedStream(body, 1 << 16);
                await exporter.WriteAsync(study, buffered, ct);
                await buffered.FlushAsync(ct);
            },
            BundleFormat.ContentType,
            $"{study}.tracker-bundle.jsonl");
    }
}
