using Marten;
using Tracker.Contracts.Studies;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.GetRunSummary;

namespace Tracker.Server.Studies.GetStudies;

public static class StudiesEndpoints
{
    public static async Task<IResult> ListAsync(IQuerySession query, CancellationToken cancellationToken)
    {
        var studies = await query.Query<StudySummary>().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return Results.Ok(studies.Select(ToView).ToList());
    }

    public static async Task<IResult> GetAsync(string study, IQuerySession query, CancellationToken cancellationToken)
    {
        if (await query.LoadAsync<StudySummary>(study, cancellationToken) is not { } summary)
        {
            return Problems.NotFound($"study '{study}' does not exist; studies are created by registering a run in them");
        }

        var runs = await query.Query<RunSummary>().Where(r => r.Study == study).OrderBy(r => r.RegisteredAt).ToListAsync(cancellationToken);
        return Results.Ok(new StudyDetailView(ToView(summary), runs.Select(r => r.ToView()).ToList()));
    }

    private static StudyView ToView(StudySummary s) => new(s.Id, s.CreatedAt, s.RunIds.Count, s.ModelSizes, s.LastActivity);
}
