using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>Issue #7: a full-size veRL GRPO run (105 steps, ~150 metric keys per step, ~500 params) replayed as the
/// MLflow Python client sends it, read back through runs/get, metrics/get-history and the study's scaling dataset.</summary>
public sealed class VerlFullRunReplayTests(MlflowServer server) : IClassFixture<MlflowServer>
{
    private const string Study = "verl-grpo-full-105";
    private const string ValCore = $"val-core/{VerlGrpoJob.GsmDataset}/reward/mean@1";

    private static readonly VerlGrpoJob Job = new() { Steps = 105, StartTime = 1_738_000_000_000 };

    /// <summary>pass@1 held under 1 over 105 steps (VerlGrpoJob's own line passes 1 at step 70).</summary>
    public static double PassAt1(long step) => 0.3 + (0.004 * step);

    public static double Reward(long step) => 0.2 + (0.005 * step);

    /// <summary>The flattened Hydra config of a veRL GRPO job: VerlGrpoJob's named leaves plus the rest of
    /// actor_rollout_ref.*, data.*, trainer.* up to 500 params (5 log-batch requests of 100).</summary>
    public static Dictionary<string, string> Params()
    {
        var config = Job.Params();
        string[] groups =
        [
            "actor_rollout_ref/actor/fsdp_config", "actor_rollout_ref/actor/checkpoint", "actor_rollout_ref/ref/fsdp_config",
            "actor_rollout_ref/rollout/val_kwargs", "actor_rollout_ref/rollout/multi_turn", "data", "trainer", "algorithm/kl_ctrl",
            "reward_model", "custom_reward_function",
        ];
        for (var i = 0; config.Count < 500; i++)
        {
            config[$"{groups[i % groups.Length]}/leaf_{i:D3}"] = (i % 4) switch { 0 => "None", 1 => "True", 2 => (i * 16).ToString(CultureInfo.InvariantCulture), _ => "bf16" };
        }

        config["data/max_prompt_length"] = "512";
        config["data/max_response_length"] = "1024";
        config["actor_rollout_ref/actor/ppo_micro_batch_size_per_gpu"] = "16";
        config["trainer/n_gpus_per_node"] = "8";
        return config;
    }

    /// <summary>One step's ~150 keys as veRL's compute_data_metrics / compute_timing_metrics / compute_throughout_metrics
    /// and the actor update report them, with validation merged in every 5 steps.</summary>
    public static Dictionary<string, double> StepMetrics(long step)
    {
        var metrics = Job.StepMetrics(step);
        metrics["critic/rewards/mean"] = Reward(step);
        metrics["critic/score/mean"] = Reward(step) + 0.01;
        if (metrics.ContainsKey(ValCore))
        {
            metrics[ValCore] = PassAt1(step);
        }

        foreach (var stat in new[] { "mean", "max", "min" })
        {
            metrics[$"critic/values/{stat}"] = 0.1 * step;
            metrics[$"critic/returns/{stat}"] = 0.2;
            metrics[$"response_length_non_aborted/{stat}"] = 470 + step;
            metrics[$"prompt_length/{stat}"] = 110;
            metrics[$"num_turns/{stat}"] = 1;
        }

        metrics["response_length/clip_ratio"] = 0.01;
        metrics["response/aborted_ratio"] = 0;
        metrics["prompt_length/clip_ratio"] = 0;
        string[] phases = ["gen", "reshard", "old_log_prob", "ref", "adv", "update_actor", "testing", "save_checkpoint", "reward", "start_profile", "stop_profile"];
        foreach (var phase in phases)
        {
            metrics.TryAdd($"timing_s/{phase}", 1.5);
            metrics.TryAdd($"timing_per_token_ms/{phase}", 0.003);
        }

        string[] actorStats = ["pg_loss", "pg_clipfrac", "pg_clipfrac_lower", "ppo_kl", "entropy", "kl_loss", "grad_norm", "lr"];
        for (var micro = 0; micro < 44; micro++)
        {
            metrics[$"actor/{actorStats[micro % actorStats.Length]}/micro_{micro / actorStats.Length}"] = 0.001 * micro;
            metrics.TryAdd($"perf/mfu/rank_{micro}", 0.3);
        }

        return metrics;
    }

    [Fact]
    public async Task A_105_step_verl_run_replays_through_mlflow_and_reads_back_through_runs_history_and_the_dataset()
    {
        var wire = server.Wire();
        var parameters = Params();
        Assert.Equal(504, parameters.Count);
        Assert.InRange(StepMetrics(7).Count, 145, 160);
        Assert.Equal(StepMetrics(7).Count + 3, StepMetrics(10).Count);

        // The client's sequence: set_experiment, start_run, log_params (split by 100), validation before training,
        // one log-batch per step, end_run.
        var experimentId = await wire.SetExperimentAsync(Study);
        var runId = await wire.StartRunAsync(experimentId, "qwen2.5-7b-grpo-105", Job.StartTime);
        await wire.LogParamsAsync(runId, parameters);
        var initial = VerlGrpoJob.InitialValidation();
        initial[ValCore] = PassAt1(0);
        await wire.LogMetricsAsync(runId, initial, 0, Job.Time(0));
        for (var step = 1; step <= Job.Steps; step++)
        {
            await wire.LogMetricsAsync(runId, StepMetrics(step), step, Job.Time(step));
        }

        await wire.EndRunAsync(runId, Job.Time(Job.Steps + 1));

        // runs/get as the client sends it (run_uuid and run_id).
        var run = (await wire.GetAsync($"runs/get?run_uuid={runId}&run_id={runId}")).Ok().GetProperty("run");
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        var data = run.GetProperty("data");
        var readParams = data.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString()!);
        Assert.Equal(parameters.OrderBy(p => p.Key, StringComparer.Ordinal), readParams.OrderBy(p => p.Key, StringComparer.Ordinal));
        var latest = data.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!);
        var allKeys = Enumerable.Range(1, Job.Steps).SelectMany(s => StepMetrics(s).Keys).Concat(initial.Keys).ToHashSet();
        Assert.Equal(allKeys.Order(StringComparer.Ordinal), latest.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((105L, Reward(105), Job.Time(105)), Point(latest["critic/rewards/mean"]));
        Assert.Equal((105L, PassAt1(105), Job.Time(105)), Point(latest[ValCore]));
        Assert.Equal((105L, 105.0, Job.Time(105)), Point(latest["training/global_step"]));
        Assert.Equal(Job.Tokens(105), latest["perf/total_num_tokens"].GetProperty("value").GetDouble());

        // metrics/get-history as the client calls it (max_results=25000, loop on next_page_token), then in small pages.
        var history = await HistoryAsync(wire, runId, "critic/rewards/mean", 25_000);
        Assert.Equal(1, history.Pages);
        Assert.Equal(Enumerable.Range(1, 105).Select(s => ((long)s, Reward(s), Job.Time(s))), history.Points);
        var paged = await HistoryAsync(wire, runId, "critic/rewards/mean", 40);
        Assert.Equal(3, paged.Pages);
        Assert.Equal(history.Points, paged.Points);
        var validation = await HistoryAsync(wire, runId, ValCore, 25_000);
        Assert.Equal(Enumerable.Range(0, 22).Select(i => (5L * i, PassAt1(5 * i), Job.Time(5 * i))), validation.Points);
        var minusInf = (await wire.GetAsync($"metrics/get-history?run_uuid={runId}&run_id={runId}&metric_key=rollout_corr%2Frollout_is_max&max_results=25000")).Ok();
        Assert.Equal(26, minusInf.GetProperty("metrics").EnumerateArray().Count(m => m.GetProperty("value").ValueKind == JsonValueKind.String && m.GetProperty("value").GetString() == "-Infinity"));

        // The study's scaling dataset: one point per evaluation step, N, D, C, τ and L by the conventions.
        await StudyWaits.ProjectionsAsync(server.App);
        var dataset = await server.App.CreateClient().GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{Study}/dataset", UriKind.Relative), Api.Json);
        Assert.Equal(VerlGrpoJob.GsmDataset, dataset!.LossDataset);
        Assert.Equal(Enumerable.Range(0, 22).Select(i => 5L * i), dataset.Points.Select(p => p.Step));
        foreach (var point in dataset.Points)
        {
            var compute = Enumerable.Range(1, (int)point.Step).Sum(s => 6 * 7e9 * Job.Tokens(s));
            Assert.Equal(7e9, point.N);
            Assert.Equal(point.Step * 512.0, point.D);
            Assert.Equal(compute, point.C, compute * 1e-12);
            Assert.Equal(point.Step * 512.0 / 51_200, point.Tau!.Value, 12);
            Assert.Equal(1 - PassAt1(point.Step), point.L, 12);
            Assert.Equal(point.Step == 0 ? null : Reward(point.Step), point.Reward);
        }
    }

    [Fact]
    public async Task A_log_batch_of_exactly_1000_metrics_is_accepted_and_one_more_is_refused_with_nothing_written()
    {
        var wire = server.Wire();
        var runId = await wire.StartRunAsync(await wire.SetExperimentAsync("verl-batch-limit"), "limit", Job.StartTime);
        var thousand = Enumerable.Range(0, 1000).ToDictionary(i => $"actor/layer_{i:D4}/grad_norm", i => (double)i);
        await wire.LogMetricsAsync(runId, thousand, 1, Job.Time(1));
        var tooMany = Enumerable.Range(0, 1001).ToDictionary(i => $"critic/layer_{i:D4}/grad_norm", i => (double)i);
        (await wire.PostAsync("runs/log-batch", MlflowWire.LogMetricsBody(runId, tooMany, 2, Job.Time(2)))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        var metrics = (await wire.GetAsync($"runs/get?run_id={runId}")).Ok().GetProperty("run").GetProperty("data").GetProperty("metrics");
        Assert.Equal(1000, metrics.GetArrayLength());
        Assert.All(metrics.EnumerateArray(), m => Assert.StartsWith("actor/", m.GetProperty("key").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_without_a_run_id_or_on_an_unknown_run_answer_as_mlflow_does()
    {
        // Not covered elsewhere: missing run_id on the read and lifecycle calls, and unknown runs on the other writes.
        var wire = server.Wire();
        const string unknown = "fedcba9876543210fedcba9876543210";
        (await wire.GetAsync("runs/get")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.GetAsync("metrics/get-history?metric_key=actor%2Fpg_loss")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/update", """{"status": "FINISHED", "end_time": 1}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", MlflowWire.LogMetricsBody(unknown, new Dictionary<string, double> { ["actor/pg_loss"] = 1 }, 1, 1))).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await wire.PostAsync("runs/log-metric", $$"""{"run_id": "{{unknown}}", "key": "a", "value": 1, "timestamp": 1, "step": 0}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await wire.PostAsync("runs/log-parameter", $$"""{"run_id": "{{unknown}}", "key": "a", "value": "1"}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await wire.PostAsync("runs/set-tag", $$"""{"run_id": "{{unknown}}", "key": "a", "value": "1"}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    private static (long Step, double Value, long Timestamp) Point(JsonElement metric) =>
        (metric.GetProperty("step").GetInt64(), metric.GetProperty("value").GetDouble(), metric.GetProperty("timestamp").GetInt64());

    private static async Task<(int Pages, List<(long Step, double Value, long Timestamp)> Points)> HistoryAsync(MlflowWire wire, string runId, string key, int maxResults)
    {
        var points = new List<(long, double, long)>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = $"metrics/get-history?run_uuid={runId}&run_id={runId}&metric_key={Uri.EscapeDataString(key)}&max_results={maxResults}"
                + (token is null ? "" : $"&page_token={Uri.EscapeDataString(token)}");
            var page = (await wire.GetAsync(query)).Ok();
            if (page.TryGetProperty("metrics", out var metrics))
            {
                points.AddRange(metrics.EnumerateArray().Select(Point));
            }

            token = page.TryGetProperty("next_page_token", out var next) && next.GetString() is { Length: > 0 } t ? t : null;
            pages++;
        }
        while (token is not null);

        return (pages, points);
    }
}
