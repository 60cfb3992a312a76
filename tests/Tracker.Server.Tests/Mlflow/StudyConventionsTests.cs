using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Mlflow;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>A job with its own names (not veRL's or TRL's) fills the dataset once its study maps them.</summary>
public sealed class StudyConventionsTests(MlflowServer server) : IClassFixture<MlflowServer>
{
    [Fact]
    public async Task A_study_mapping_turns_a_jobs_own_names_into_N_D_C_and_L()
    {
        const string study = "custom-names";
        var wire = server.Wire();
        var experimentId = await wire.SetExperimentAsync(study);
        var mapping = new ConventionMapping(
            Params: new Dictionary<string, string> { ["model"] = "policy.checkpoint", ["batchSize"] = "sampler.prompts", ["uniqueSamples"] = "sampler.pool" },
            Metrics: new Dictionary<string, string> { ["reward"] = "train/return", ["tokens"] = "train/tokens" },
            Evaluations: new Dictionary<string, string> { ["eval/holdout_accuracy"] = "holdout" });
        var put = await server.App.CreateClient().PutAsJsonAsync(new Uri($"/api/v1/studies/{study}/conventions", UriKind.Relative), mapping, Api.Json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await server.App.CreateClient().GetFromJsonAsync<ConventionMapping>(new Uri($"/api/v1/studies/{study}/conventions", UriKind.Relative), Api.Json);
        Assert.Equal("policy.checkpoint", stored!.Params!["model"]);

        var runId = await wire.StartRunAsync(experimentId, "custom", 1_737_000_000_000);
        await wire.LogParamsAsync(runId, new Dictionary<string, string> { ["policy.checkpoint"] = "/ckpt/llama-3.2-3b-sft", ["sampler.prompts"] = "128", ["sampler.pool"] = "1280" });
        for (var step = 1; step <= 4; step++)
        {
            await wire.LogMetricsAsync(runId, new Dictionary<string, double> { ["train/return"] = 0.1 * step, ["train/tokens"] = 1e6, ["eval/holdout_accuracy"] = 0.2 + (0.05 * step) }, step, 1_737_000_000_000 + step);
        }

        await StudyWaits.ProjectionsAsync(server.App);
        var dataset = await server.App.CreateClient().GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{study}/dataset", UriKind.Relative), Api.Json);
        Assert.Equal("holdout", dataset!.LossDataset);
        var last = dataset.Points[^1];
        Assert.Equal((3e9, 4L, 512.0, 0.4), (last.N, last.Step, last.D, last.Tau!.Value));
        Assert.Equal(6 * 3e9 * 4e6, last.C, 1);
        Assert.Equal(0.6, last.L, 12);
    }

    [Fact]
    public async Task A_mapping_with_unknown_roles_or_for_an_unknown_study_is_refused()
    {
        var http = server.App.CreateClient();
        await server.Wire().SetExperimentAsync("mapping-errors");
        var bad = await http.PutAsJsonAsync(new Uri("/api/v1/studies/mapping-errors/conventions", UriKind.Relative), new { metrics = new { score = "x" } }, Api.Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("metrics.score", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await http.PutAsJsonAsync(new Uri("/api/v1/studies/no-such-study/conventions", UriKind.Relative), new { }, Api.Json);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
