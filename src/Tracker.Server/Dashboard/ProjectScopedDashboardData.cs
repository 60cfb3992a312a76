using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Tracker.Contracts.Notifications;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;
using Tracker.Web.Data;
using Tracker.Web.History;

namespace Tracker.Server.Dashboard;

/// <summary>The dashboard's data as one signed-in user may see it: one per circuit. Studies and runs of projects the
/// user cannot read do not exist for it (null, left out of lists, no notifications), exactly as in the API.</summary>
public sealed class ProjectScopedDashboardData(DashboardData inner, AuthenticationStateProvider authentication, ResourceProjects owners) : IDashboardData
{
    public async Task<IReadOnlyList<StudyListItem>> ListStudiesAsync(CancellationToken ct = default)
    {
        var user = await UserAsync();
        return [.. (await inner.ListStudiesAsync(ct)).Where(s => user.CanRead(s.Study.Project))];
    }

    public async Task<StudyPageData?> GetStudyAsync(string study, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetStudyAsync(study, ct) : null;

    public async Task<AxisAnalysis?> GetAxisAnalysisAsync(string study, string axis, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetAxisAnalysisAsync(study, axis, ct) : null;

    public async Task<FitView?> GetHoldoutFitAsync(string study, string axis, double heldOutN, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetHoldoutFitAsync(study, axis, heldOutN, ct) : null;

    public async Task<CrossoverView?> GetCrossoverAsync(string study, string axis, double a, double b, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetCrossoverAsync(study, axis, a, b, ct) : null;

    public async Task<PlanView?> GetPlanAsync(string study, double compute, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetPlanAsync(study, compute, ct) : null;

    public async Task<IReadOnlyList<RunSummaryView>> FindRunsAsync(string? text, int limit, CancellationToken ct = default)
    {
        var user = await UserAsync();
        var found = new List<RunSummaryView>();
        // Ask for more than needed: some of the matches may belong to projects this user does not see.
        foreach (var run in await inner.FindRunsAsync(text, limit * 4, ct))
        {
            if (found.Count < limit && await owners.OfStudyAsync(run.Study, ct) is { } project && user.CanRead(project))
            {
                found.Add(run);
            }
        }

        return found;
    }

    public async Task<RunPageData?> GetRunAsync(Guid runId, CancellationToken ct = default) =>
        await CanReadRunAsync(runId, ct) ? await inner.GetRunAsync(runId, ct) : null;

    public async Task<MetricSeries?> GetRunMetricAsync(Guid runId, string metric, int maxPoints, CancellationToken ct = default) =>
        await CanReadRunAsync(runId, ct) ? await inner.GetRunMetricAsync(runId, metric, maxPoints, ct) : null;

    public async Task<EventPage<RunEventView>?> GetRunEventsAsync(Guid runId, long fromVersion, int limit, CancellationToken ct = default) =>
        await CanReadRunAsync(runId, ct) ? await inner.GetRunEventsAsync(runId, fromVersion, limit, ct) : null;

    /// <summary>History is an auditor's view, as in the API (audit scope in the owning project).</summary>
    public async Task<IReadOnlyDictionary<string, long>?> GetHistoryTypesAsync(HistoryScope scope, CancellationToken ct = default) =>
        await CanAuditAsync(scope, ct) ? await inner.GetHistoryTypesAsync(scope, ct) : null;

    public async Task<EventPage<RunEventView>?> GetHistoryAsync(HistoryScope scope, IReadOnlyCollection<string>? types, long from, int limit, CancellationToken ct = default) =>
        await CanAuditAsync(scope, ct) ? await inner.GetHistoryAsync(scope, types, from, limit, ct) : null;

    public async Task<StudyTimeline?> GetStudyTimelineAsync(string study, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetStudyTimelineAsync(study, ct) : null;

    public async Task<StudyAsOf?> GetStudyAsOfAsync(string study, DateTimeOffset asOf, CancellationToken ct = default) =>
        await CanReadStudyAsync(study, ct) ? await inner.GetStudyAsOfAsync(study, asOf, ct) : null;

    public IDisposable Subscribe(string? study, Func<StudyChanged, Task> onChange) =>
        inner.Subscribe(study, async change =>
        {
            if (await CanReadStudyAsync(change.Study, CancellationToken.None))
            {
                await onChange(change);
            }
        });

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    private async Task<bool> CanReadStudyAsync(string study, CancellationToken ct) =>
        await owners.OfStudyAsync(study, ct) is { } project && (await UserAsync()).CanRead(project);

    private async Task<bool> CanAuditAsync(HistoryScope scope, CancellationToken ct)
    {
        var project = scope.RunId is { } runId ? await owners.OfRunAsync(runId, ct)
            : scope.Study is { } study ? await owners.OfStudyAsync(study, ct)
            : null;
        return project is not null && (await UserAsync()).Can(project, Scope.Audit);
    }

    private async Task<bool> CanReadRunAsync(Guid runId, CancellationToken ct) =>
        await owners.OfRunAsync(runId, ct) is { } project && (await UserAsync()).CanRead(project);
}
