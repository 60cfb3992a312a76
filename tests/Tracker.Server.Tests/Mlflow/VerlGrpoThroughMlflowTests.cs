using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>A veRL GRPO job pointed at Tracker with MLFLOW_TRACKING_URI=http://host/mlflow fills its study's scaling
/// dataset by itself: the exact call sequence of the MLflow Python client (mlflow-verl-ecosystem.md §1.8).</summary>
public sealed class VerlGrpoThroughMlflowTests(MlflowServer server) : IClassFixture<MlflowServer>
{
    [Fact]
    public async Task A_verl_grpo_job_logging_through_mlflow_gives_N_D_C_tau_and_L_in_the_study_dataset()
    {
        const string study = "verl-grpo-gsm8k";
        var job = new VerlGrpoJob();
        var wire = server.Wire();

        // set_experiment: the experiment does not exist yet.
        var missing = await wire.GetAsync($"experiments/get-by-name?experiment_name={study}");
        missing.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var experimentId = await wire.SetExperimentAsync(study);
        Assert.Matches("^[0-9]+$", experimentId);
        Assert.Equal(experimentId, await wire.SetExperimentAsync(study));

        var runId = await wire.StartRunAsync(experimentId, "qwen2.5-7b-grpo-seed0", job.StartTime);
        Assert.Matches("^[0-9a-f]{32}$", runId);
        await wire.LogParamsAsync(runId, job.Params());
        await wire.LogMetricsAsync(runId, VerlGrpoJob.InitialValidation(), 0, job.Time(0));
        for (var step = 1; step <= job.Steps; step++)
        {
            await wire.LogMetricsAsync(runId, job.StepMetrics(step), step, job.Time(step));
        }

        await wire.EndRunAsync(runId, job.Time(job.Steps + 1));
        await StudyWaits.ProjectionsAsync(server.App);

        var dataset = await server.App.CreateClient().GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{study}/dataset", UriKind.Relative), Api.Json);
        Assert.Equal(VerlGrpoJob.GsmDataset, dataset!.LossDataset);
        Assert.Equal([0L, 5, 10, 15, 20], dataset.Points.Select(p => p.Step));
        foreach (var point in dataset.Points)
        {
            var compute = Enumerable.Range(1, (int)point.Step).Sum(s => 6 * 7e9 * job.Tokens(s));
            Assert.Equal(7e9, point.N);
            Assert.Equal(point.Step * 512.0, point.D);
            Assert.Equal(compute, point.C, compute * 1e-12);
            Assert.Equal(point.Step * 512.0 / 51_200, point.Tau!.Value, 12);
            Assert.Equal(1 - VerlGrpoJob.PassAt1(point.Step), point.L, 12);
            Assert.Equal(point.Step == 0 ? null : VerlGrpoJob.Reward(point.Step), point.Reward);
        }

        // The same run through the native API: N, training shape and status from the MLflow calls.
        var run = await server.Api().GetRunAsync(Guid.ParseExact(runId, "N"));
        Assert.Equal((study, "qwen2.5-7b-grpo-seed0", "completed"), (run.Study, run.Name, run.Status));
        Assert.Equal(new ModelSpec("Qwen2.5-7B-Instruct", 7e9, "instruct"), run.Model);
        Assert.Equal(new TrainingSpec(512, 8, 51_200), run.Training);
        Assert.Equal(job.Steps, run.StepCount);
        Assert.Equal(VerlGrpoJob.Reward(job.Steps), run.LastReward);
        Assert.Equal("alice", run.Tags["mlflow.user"]);
    }

    [Fact]
    public async Task The_run_reads_back_through_mlflow_with_its_params_latest_metrics_and_status()
    {
        var job = new VerlGrpoJob { Model = "Qwen/Qwen2.5-0.5B", Steps = 6, StartTime = 1_737_100_000_000 };
        var wire = server.Wire();
        var experimentId = await wire.SetExperimentAsync("verl-readback");
        var runId = await wire.StartRunAsync(experimentId, "qwen-0.5b", job.StartTime);
        await wire.LogParamsAsync(runId, job.Params());
        for (var step = 1; step <= job.Steps; step++)
        {
            await wire.LogMetricsAsync(runId, job.StepMetrics(step), step, job.Time(step));
        }

        await wire.EndRunAsync(runId, job.Time(job.Steps + 1));

        var run = (await wire.GetAsync($"runs/get?run_id={runId}")).Ok().GetProperty("run");
        var info = run.GetProperty("info");
        Assert.Equal(runId, info.GetProperty("run_uuid").GetString());
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        Assert.Equal(experimentId, info.GetProperty("experiment_id").GetString());
        Assert.Equal(job.StartTime, info.GetProperty("start_time").GetInt64());
        Assert.True(info.GetProperty("end_time").GetInt64() >= job.StartTime);
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.Equal("active", info.GetProperty("lifecycle_stage").GetString());

        var data = run.GetProperty("data");
        Assert.Equal(job.Params().Count, data.GetProperty("params").GetArrayLength());
        var metrics = data.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!);
        Assert.Equal(VerlGrpoJob.Reward(6), metrics["critic/rewards/mean"].GetProperty("value").GetDouble());
        Assert.Equal(6, metrics["critic/rewards/mean"].GetProperty("step").GetInt64());
        Assert.Equal(job.Time(6), metrics["critic/rewards/mean"].GetProperty("timestamp").GetInt64());
        Assert.Equal(1.7, metrics["rollout_corr/rollout_is_max"].GetProperty("value").GetDouble()); // step 6: finite
        Assert.Equal(0.5e9, (await server.Api().GetRunAsync(Guid.ParseExact(runId, "N"))).Model.Parameters);
    }

    [Fact]
    public async Task Async_logging_with_concurrent_out_of_order_batches_gives_the_same_dataset_as_in_order()
    {
        // MLFLOW_ENABLE_ASYNC_LOGGING=true: a pool of 10 threads sends the queued batches concurrently, some twice.
        var job = new VerlGrpoJob { Model = "Qwen/Qwen2.5-1.5B-Instruct", Steps = 15, StartTime = 1_737_300_000_000 };
        var datasets = new List<List<ScalingPointView>>();
        foreach (var concurrent in new[] { false, true })
        {
            var study = concurrent ? "verl-async" : "verl-sync";
            var wire = server.Wire();
            var runId = await wire.StartRunAsync(await wire.SetExperimentAsync(study), "qwen-1.5b", job.StartTime);
            await wire.LogParamsAsync(runId, job.Params());
            var batches = Enumerable.Range(1, job.Steps).Select(s => (Step: (long)s, Metrics: job.StepMetrics(s))).ToList();
            if (concurrent)
            {
                var sends = batches.Concat(batches.Take(4)).OrderBy(b => (b.Step * 7919) % 13).ToList();
                await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 10 },
                    async (b, _) => await server.Wire().LogMetricsAsync(runId, b.Metrics, b.Step, job.Time(b.Step)));
            }
            else
            {
                foreach (var (step, metrics) in batches)
                {
                    await wire.LogMetricsAsync(runId, metrics, step, job.Time(step));
                }
            }

            await StudyWaits.ProjectionsAsync(server.App);
            var dataset = await server.App.CreateClient().GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{study}/dataset", UriKind.Relative), Api.Json);
            datasets.Add([.. dataset!.Points]);
        }

        Assert.Equal(3, datasets[0].Count);
        Assert.Equal(datasets[0].Select(p => (p.Step, p.N, p.C, p.D, p.Tau, p.L)), datasets[1].Select(p => (p.Step, p.N, p.C, p.D, p.Tau, p.L)));
    }

    [Fact]
    public async Task Params_that_arrive_after_the_first_steps_still_price_and_count_them()
    {
        const string study = "verl-late-params";
        var job = new VerlGrpoJob { Steps = 5, StartTime = 1_737_400_000_000 };
        var wire = server.Wire();
        var runId = await wire.StartRunAsync(await wire.SetExperimentAsync(study), "late", job.StartTime);
        for (var step = 1; step <= 3; step++)
        {
            await wire.LogMetricsAsync(runId, job.StepMetrics(step), step, job.Time(step));
        }

        await wire.LogParamsAsync(runId, job.Params());
        for (var step = 4; step <= job.Steps; step++)
        {
            await wire.LogMetricsAsync(runId, job.StepMetrics(step), step, job.Time(step));
        }

        await StudyWaits.ProjectionsAsync(server.App);
        var point = Assert.Single((await server.App.CreateClient().GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{study}/dataset", UriKind.Relative), Api.Json))!.Points);
        var compute = Enumerable.Range(1, 5).Sum(s => 6 * 7e9 * job.Tokens(s));
        Assert.Equal((5L, 7e9, 5 * 512.0), (point.Step, point.N, point.D));
        Assert.Equal(compute, point.C, compute * 1e-12);
        Assert.Equal(compute, (await server.Api().GetRunAsync(Guid.ParseExact(runId, "N"))).Compute, compute * 1e-12);
    }

    [Fact]
    public async Task The_root_prefix_serves_the_same_api()
    {
        var root = server.Wire(trackingPath: "");
        var experimentId = await root.SetExperimentAsync("root-prefix");
        var runId = await root.StartRunAsync(experimentId, "r", 1_737_200_000_000);
        var viaMlflowPrefix = (await server.Wire().GetAsync($"runs/get?run_id={runId}")).Ok();
        Assert.Equal("root-prefix", (await server.Api().GetRunAsync(Guid.ParseExact(runId, "N"))).Study);
        Assert.Equal(experimentId, viaMlflowPrefix.GetProperty("run").GetProperty("info").GetProperty("experiment_id").GetString());
    }
}
