using Marten;
using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Audit.TimeTravel;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;
using Tracker.Web.Data;
using Tracker.Web.History;

namespace Tracker.Server.Dashboard.History;

/// <summary>The study page as it was at a moment, for the time slider: the dataset as the time-travel API folds it
/// (<see cref="StudyAsOfReader"/>), and per axis the fit the server had recorded by then (the API's <c>fit?asOf=</c>),
/// or, before any was recorded, the fit of that dataset.</summary>
public static class DashboardTimeTravel
{
    public static async Task<StudyAsOf?> ReadAsync(IServiceProvider services, string study, DateTimeOffset asOf, CancellationToken ct)
    {
        var query = services.GetRequiredService<IQuerySession>();
        var queries = services.GetRequiredService<StudyQueries>();
        if (await StudyAsOfReader.ReadAsync(study, query, services.GetRequiredService<StoredEventReader>(), asOf, null, ct) is not { } state)
        {
            return null;
        }

        var summary = state.Summary;
        var points = ScalingDataset.Build(state.Curves, summary.LossDataset);
        var runs = (await queries.GetRunsAsync(study, ct)).Where(r => r.RegisteredAt <= asOf).Select(r => r.ToView()).ToList();
        summary.RunIds = runs.Select(r => r.RunId).ToList();
        summary.ModelSizes = points.Select(p => p.N).Distinct().Order().ToList();
        summary.LastActivity = state.Curves.Count == 0 ? summary.CreatedAt : asOf;
        var compute = await queries.FitAsOfAsync(study, Axis.Compute, asOf, ct);
        var data = await queries.FitAsOfAsync(study, Axis.Data, asOf, ct);
        FitView Refit(string axis) => StudyAnalysis.Fit(study, axis, points, state.HighWaterMark, asOf);
        var page = new StudyPageData(
            new StudyDetailView(StudiesEndpoints.ToView(summary), runs),
            new DatasetView(study, summary.LossDataset, points),
            compute ?? Refit(Axis.Compute),
            data ?? Refit(Axis.Data),
            StudyAnalysis.Reuse(points, StudyQueries.DefaultReuseThreshold),
            summary.Warnings,
            state.HighWaterMark);
        return new StudyAsOf(asOf, page, compute?.ComputedAt, data?.ComputedAt);
    }
}
