using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Audit;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>Runs logged through MLflow are audited like native ones: hash-chained, rebuildable, portable.</summary>
public sealed class MlflowAuditTests(MlflowServer server) : IClassFixture<MlflowServer>
{
    [Fact]
    public async Task An_mlflow_run_verifies_rebuilds_identically_and_moves_in_a_bundle_with_its_dataset()
    {
        const string study = "mlflow-audit";
        var job = new VerlGrpoJob { Model = "Qwen/Qwen2.5-3B", Steps = 10 };
        var wire = server.Wire();
        var runId = await wire.StartRunAsync(await wire.SetExperimentAsync(study), "audited", job.StartTime);
        await wire.LogParamsAsync(runId, job.Params());
        await wire.LogMetricsAsync(runId, VerlGrpoJob.InitialValidation(), 0, job.Time(0));
        for (var step = 1; step <= job.Steps; step++)
        {
            await wire.LogMetricsAsync(runId, job.StepMetrics(step), step, job.Time(step));
        }

        (await wire.PostAsync("runs/set-tag", $$"""{"run_id": "{{runId}}", "key": "note", "value": "audited"}""")).Ok();
        await wire.EndRunAsync(runId, job.Time(job.Steps + 1));
        await StudyWaits.ProjectionsAsync(server.App);
        var api = server.Api();

        var verify = await AuditCalls.VerifyAsync(api, $"?study={study}");
        Assert.True(verify.Ok, verify.FirstBreak?.Reason);
        Assert.Equal(0, verify.UnhashedEvents);
        var rebuild = await (await api.Http.PostAsync(new Uri("/api/v1/admin/rebuild-check", UriKind.Relative), null)).Content.ReadFromJsonAsync<RebuildReport>(Api.Json);
        // Known, not MLflow's: an inline StudySummary stores MappingSequence 0 for any mapping (Quick append gives inline
        // projections no sequence) while the rebuild has the real one; every other field and document must be identical.
        var differences = rebuild!.Differences
            .Select(d => d with { Fields = d.Fields.Where(f => !(d.Document == "StudySummary" && f.Path == "$.mappingSequence")).ToList() })
            .Where(d => d.Kind != "changed" || d.Fields.Count > 0)
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences.Select(d => $"{d.Document} {d.Id} {d.Kind}: " + string.Join("; ", d.Fields))));

        var bundle = await AuditCalls.GetTextAsync(api.Http, $"/api/v1/studies/{study}/export");
        await using var other = new TrackerApp(await TestDatabase.CreateAsync());
        var imported = await other.CreateClient().PostAsync(new Uri("/api/v1/import/bundle", UriKind.Relative), new StringContent(bundle, Encoding.UTF8, "application/x-ndjson"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        await StudyWaits.ProjectionsAsync(other);
        var path = new Uri($"/api/v1/studies/{study}/dataset", UriKind.Relative);
        var here = await api.Http.GetFromJsonAsync<DatasetView>(path, Api.Json);
        var there = await other.CreateClient().GetFromJsonAsync<DatasetView>(path, Api.Json);
        Assert.Equal(3, here!.Points.Count);
        Assert.Equal(here.Points, there!.Points);
        Assert.Equal(HttpStatusCode.OK, (await other.CreateClient().GetAsync(new Uri($"/api/v1/runs/{Guid.ParseExact(runId, "N")}", UriKind.Relative))).StatusCode);
    }
}
