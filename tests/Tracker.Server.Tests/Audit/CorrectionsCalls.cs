using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

/// <summary>The correction endpoints and the checks every correction test ends with, as the tests call them.</summary>
public static class CorrectionsCalls
{
    public static Task<HttpResponseMessage> PostAsync(Api api, Guid runId, string correction, object body) =>
        api.PostAsync($"/api/v1/runs/{runId}/corrections/{correction}", body);

    /// <summary>Posts a correction that must succeed; <paramref name="recorded"/> says whether it must write an event.</summary>
    public static async Task<CorrectionResult> CorrectAsync(Api api, Guid runId, string correction, object body, bool recorded = true)
    {
        var response = await PostAsync(api, runId, correction, body);
        await Api.EnsureAsync(response, HttpStatusCode.OK);
        var result = (await response.Content.ReadFromJsonAsync<CorrectionResult>(Api.Json))!;
        Assert.Equal(recorded, result.Recorded);
        Assert.Equal(correction, result.Correction);
        return result;
    }

    /// <summary>Asserts a 4xx problem whose detail names what was wrong.</summary>
    public static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] detailParts)
    {
        Assert.Equal(status, response.StatusCode);
        var detail = (await Api.ProblemAsync(response)).GetProperty("detail").GetString();
        foreach (var part in detailParts)
        {
            Assert.Contains(part, detail, StringComparison.Ordinal);
        }
    }

    /// <summary>The study's events and its runs' of one type, from the audit history.</summary>
    public static async Task<IReadOnlyList<RunEventView>> HistoryAsync(Api api, string study, string type) =>
        (await AuditCalls.GetAsync<EventPage<RunEventView>>(api, $"/api/v1/studies/{study}/history?includeRuns=true&type={type}&limit=1000")).Items;

    /// <summary>The one correction event of that type in the history, checked for its reason and its author (the same
    /// user the event's metadata records: both come from the request's origin).</summary>
    public static async Task<RunEventView> CorrectionInHistoryAsync(Api api, string study, string type, string reason)
    {
        var item = Assert.Single(await HistoryAsync(api, study, type));
        Assert.Equal(type, item.Type);
        Assert.Equal(reason, item.Data.GetProperty("reason").GetString());
        Assert.Equal(item.User, item.Data.TryGetProperty("by", out var by) ? by.GetString() : null);
        Assert.False(string.IsNullOrEmpty(item.Hash));
        return item;
    }

    public static Task<DatasetView> DatasetAsync(Api api, string study, string query = "") =>
        AuditCalls.GetAsync<DatasetView>(api, $"/api/v1/studies/{study}/dataset{query}");

    public static Task<FitView> LiveFitAsync(Api api, string study, string query = "") =>
        AuditCalls.GetAsync<FitView>(api, $"/api/v1/studies/{study}/fit?axis=compute{query}");

    /// <summary>The hash chains verify and every read model rebuilds identically from the events.</summary>
    public static async Task AssertAuditIntactAsync(Api api, string study)
    {
        var verify = await AuditCalls.VerifyAsync(api, $"?study={study}");
        Assert.True(verify.Ok, JsonSerializer.Serialize(verify, Api.Json));
        var response = await api.Http.PostAsync(new Uri("/api/v1/admin/rebuild-check", UriKind.Relative), null);
        await Api.EnsureAsync(response, HttpStatusCode.OK);
        var rebuild = (await response.Content.ReadFromJsonAsync<RebuildReport>(Api.Json))!;
        Assert.True(rebuild.Identical, string.Join("\n", rebuild.Differences.Select(d => $"{d.Document} {d.Id} {d.Kind}: " + string.Join("; ", d.Fields))));
    }
}
