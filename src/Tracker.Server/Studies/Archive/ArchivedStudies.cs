using System.Collections.Concurrent;
using Marten;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Studies;
using Tracker.Domain.Runs;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Studies.Archive;

/// <summary>Tells writers whether a study is archived, so its runs stay read-only. Archiving is final, so an archived
/// study is remembered; otherwise the answer is read fresh (one primary-key lookup per command), so a study archived
/// through another node is read-only here at once. A write racing with the archive may still land; it stays in history.</summary>
public sealed class ArchivedStudies(IDocumentStore store)
{
    private readonly ConcurrentDictionary<string, StudyArchiveView> _archived = new(StringComparer.Ordinal);

    public async Task<StudyArchiveView?> GetAsync(string study, CancellationToken ct)
    {
        if (_archived.TryGetValue(study, out var known))
        {
            return known;
        }

        await using var session = store.QuerySession();
        var archive = await session.Query<StudySummary>().Where(s => s.Id == study && s.Archived != null).Select(s => s.Archived!).FirstOrDefaultAsync(ct);
        if (archive is not null)
        {
            _archived[study] = archive;
        }

        return archive;
    }

    /// <summary>A 409 for a decision that would write to a run of an archived study; null when the write may go ahead.</summary>
    public async Task<CommandOutcome?> RefuseAsync(RunLedger ledger, Decision decision, CancellationToken ct)
    {
        var study = ledger.Registration?.Study ?? decision.Events.OfType<RunRegistered>().FirstOrDefault()?.Study;
        return study is not null && await GetAsync(study, ct) is { } archive ? Refusal(study, archive) : null;
    }

    public static CommandOutcome Refusal(string study, StudyArchiveView archive) =>
        new(409, 0, 0, "Study archived", $"study '{study}' was archived at {archive.At:O} (reason: {archive.Reason}); it and its runs are read-only");
}
