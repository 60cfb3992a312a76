using Tracker.Domain.Identity;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.Verify;

public static class VerifyEndpoint
{
    /// <summary>Recomputes every hash chain (or one stream's, or one study's and its runs') and names the first event
    /// of each broken stream. 200 either way: <c>ok</c> says whether history is intact.</summary>
    public static async Task<IResult> HandleAsync(ChainVerifier verifier, StoredEventReader events, CancellationToken ct, Guid? stream = null, string? study = null)
    {
        if (stream is not null && study is not null)
        {
            return Problems.Invalid("study", "give either stream or study, not both");
        }

        if (stream is { } id)
        {
            var report = await verifier.VerifyAsync($"stream {id}", [id], ct);
            return report.Streams == 0 ? Problems.NotFound($"stream {id} has no events") : Results.Ok(report);
        }

        if (study is not null)
        {
            var streams = await events.StudyStreamsAsync(DeterministicGuid.ForStudy(study), study, ct);
            var report = await verifier.VerifyAsync($"study {study}", streams, ct);
            return report.Streams == 0 ? Problems.NotFound($"study '{study}' has no events") : Results.Ok(report);
        }

        return Results.Ok(await verifier.VerifyAsync("all", null, ct));
    }
}
