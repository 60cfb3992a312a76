using Tracker.Contracts.Studies;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Studies.GetStudies;

public static class StudiesEndpoints
{
    /// <summary>The studies; archived ones only with <c>?archived=true</c>.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, StudyQueries queries, CancellationToken cancellationToken, bool archived = false) =>
        Results.Ok((await queries.ListAsync(cancellationToken, includeArchived: archived)).Where(s => http.User.CanRead(s.Project)).Select(ToView).ToList());

    public static async Task<IResult> GetAsync(string study, StudyQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.GetSummaryAsync(study, cancellationToken) is not { } summary)
        {
            return UnknownStudy(study);
        }

        var runs = await queries.GetRunsAsync(study, cancellationToken);
        return Results.Ok(new StudyDetailView(ToView(summary), runs.Select(r => r.ToView()).ToList()));
    }

    public static StudyView ToView(StudySummary s) => new(s.Id, s.CreatedAt, s.RunIds.Count, s.ModelSizes, s.LastActivity, Archived: s.Archived, Project: s.Project);

    public static IResult UnknownStudy(string study) =>
        Problems.NotFound($"study '{study}' does not exist; studies are created by registering a run in them");
}
