using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Studies;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

public sealed class BundleTests
{
    [Fact]
    public async Task An_exported_study_imports_into_a_fresh_tracker_with_the_same_anchor_and_fit_and_a_tampered_bundle_is_refused()
    {
        var points = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 3, Steps = 30 });
        await using var source = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(source.CreateClient());
        await SweepPoster.PostAsync(api, "portable", points, shuffle: new Random(4), uniqueSamples: _ => 4_000);
        await StudyWaits.ProjectionsAsync(source);
        // Export once the live fitter has recorded the fit of all the data, as an auditor would.
        var live = await AuditCalls.GetAsync<FitView>(api, "/api/v1/studies/portable/fit?axis=compute");
        await StudyWaits.FitAsync(source, "portable", "compute", live.HighWaterMark);
        await StudyWaits.FitAsync(source, "portable", "data", live.HighWaterMark);

        var bundle = await AuditCalls.GetTextAsync(api.Http, "/api/v1/studies/portable/export");
        var lines = bundle.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var manifest = JsonSerializer.Deserialize<BundleManifest>(lines[^1], Api.Json)!;
        var sourceReport = await AuditCalls.VerifyAsync(api, "?study=portable");
        Assert.True(manifest.Verified);
        Assert.Equal(lines.Length - 2, manifest.Events);
        Assert.Equal(sourceReport.Events, manifest.Events);
        Assert.Equal(sourceReport.Anchor, manifest.Anchor);
        Assert.Equal(8, manifest.Streams); // seven runs and the study

        await using var target = new TrackerApp(await TestDatabase.CreateAsync());
        var other = new Api(target.CreateClient());
        var imported = await ImportAsync(other, bundle);
        await Api.EnsureAsync(imported, HttpStatusCode.OK);
        var result = (await imported.Content.ReadFromJsonAsync<BundleImportResult>(Api.Json))!;
        Assert.True(result.SequencesPreserved);
        Assert.Equal((manifest.Events, manifest.Anchor), (result.Events, result.Anchor));

        var targetReport = await AuditCalls.VerifyAsync(other);
        Assert.True(targetReport.Ok, targetReport.FirstBreak?.Reason);
        Assert.Equal(manifest.Anchor, targetReport.Anchor);
        Assert.Equal(sourceReport.Heads, targetReport.Heads);

        // The imported history is the same history: same events and metadata, same read models, same fit.
        await StudyWaits.ProjectionsAsync(target);
        Assert.Equal(await AuditCalls.GetTextAsync(api.Http, "/api/v1/studies/portable/history?includeRuns=true&limit=1000"),
            await AuditCalls.GetTextAsync(other.Http, "/api/v1/studies/portable/history?includeRuns=true&limit=1000"));
        Assert.Equal(await AuditCalls.GetTextAsync(api.Http, "/api/v1/studies/portable/dataset"), await AuditCalls.GetTextAsync(other.Http, "/api/v1/studies/portable/dataset"));
        Assert.Equal(await FitAsync(api), await FitAsync(other));
        Assert.Equal(await AuditCalls.GetTextAsync(api.Http, "/api/v1/studies/portable/fits?axis=compute"), await AuditCalls.GetTextAsync(other.Http, "/api/v1/studies/portable/fits?axis=compute"));
        var rebuild = await other.Http.PostAsync(new Uri("/api/v1/admin/rebuild-check", UriKind.Relative), null);
        Assert.True((await rebuild.Content.ReadFromJsonAsync<RebuildReport>(Api.Json))!.Identical);

        // Importing it again is a conflict; a bundle with one changed number does not verify and names the event.
        Assert.Equal(HttpStatusCode.Conflict, (await ImportAsync(other, bundle)).StatusCode);
        var index = Array.FindIndex(lines, l => l.Contains("\"steps_logged\"", StringComparison.Ordinal));
        var tampered = JsonNode.Parse(lines[index])!;
        tampered["data"]!["steps"]![0]!["reward"] = 0.999;
        var forged = string.Join('\n', lines.Select((l, i) => i == index ? tampered.ToJsonString() : l));
        var refused = await ImportAsync(other, forged);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await Api.ProblemAsync(refused)).GetProperty("detail").GetString()!;
        Assert.Contains($"line {index + 1} (stream {tampered["stream"]}, version {tampered["version"]}", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(other, string.Join('\n', lines[..^1]))).StatusCode); // cut short
    }

    private static Task<HttpResponseMessage> ImportAsync(Api api, string bundle) =>
        api.Http.PostAsync(new Uri("/api/v1/import/bundle", UriKind.Relative), new StringContent(bundle, Encoding.UTF8, BundleFormat.ContentType));

    /// <summary>The fit as answered, without the time it was computed at.</summary>
    private static async Task<string> FitAsync(Api api)
    {
        var fit = JsonNode.Parse(await AuditCalls.GetTextAsync(api.Http, "/api/v1/studies/portable/fit?axis=compute"))!.AsObject();
        fit.Remove("computedAt");
        return fit.ToJsonString();
    }
}
