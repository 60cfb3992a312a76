using Tracker.Contracts.Studies;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Domain.Validation;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.Writing;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Studies.Archive;

/// <summary><c>POST /api/v1/studies/{study}/archive</c> with a reason: records StudyArchived on the study stream (with the
/// caller as author). Nothing is deleted: the study becomes read-only and leaves the studies list, and stays readable
/// through its history, export and verification. Archiving an archived study changes nothing (<c>recorded: false</c>).</summary>
public static class ArchiveStudyEndpoint
{
    public const string Name = "ArchiveStudy";

    public static async Task<IResult> HandleAsync(string study, HttpContext http, StudyQueries queries, StudyWriter writer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ArchiveStudyRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = CorrectionValidator.Reason(body.Value!.Reason);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return StudiesEndpoints.UnknownStudy(study);
        }

        if (summary.Archived is { } earlier)
        {
            return Results.Ok(new ArchiveStudyResult(study, false, earlier));
        }

        var origin = RequestOrigin.Of(http);
        var archived = new StudyArchived(DeterministicGuid.ForStudy(study), study, body.Value.Reason!, origin.User);
        await writer.AppendAsync(study, [archived], new EventMetadata(origin.CorrelationId, null, origin), ct);
        var now = await queries.GetSummaryAsync(study, ct);
        return Results.Ok(new ArchiveStudyResult(study, true, now!.Archived!));
    }
}
