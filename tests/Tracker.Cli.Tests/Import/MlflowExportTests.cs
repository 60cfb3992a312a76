using System.Text;
using Tracker.Domain.Import.Mlflow;

namespace Tracker.Cli.Tests.Import;

/// <summary>The MLflow export reader on the layouts mlflow-export-import writes, with Python's bare NaN.</summary>
public sealed class MlflowExportTests
{
    private const string NewLayout = """
        {"system": {"package_version": "1.2.0"},
         "mlflow": {
           "info": {"run_id": "0123456789abcdef0123456789abcdef", "run_name": "grpo-7b", "status": "FINISHED"},
           "params": {"data/train_batch_size": "512", "actor_rollout_ref/model/path": "Qwen/Qwen2.5-7B"},
           "metrics": {
             "critic/rewards/mean": [{"value": 0.1, "timestamp": 1000, "step": 1}, {"value": 0.2, "timestamp": 2000, "step": 2},
                                     {"value": 0.25, "timestamp": 3000, "step": 2}, {"value": 0.9, "timestamp": 1500, "step": 2}],
             "actor/pg_loss": [{"value": NaN, "timestamp": 1000, "step": 1}, {"value": -Infinity, "timestamp": 2000, "step": 2}]
           },
           "tags": {"mlflow.runName": "grpo-7b", "note": "NaN is fine in text"}}}
        """;

    [Fact]
    public void The_current_layout_gives_one_row_per_step_where_the_latest_timestamp_wins_and_non_finite_values_are_counted()
    {
        var file = Parse(NewLayout);

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        var run = Assert.Single(file.Runs);
        Assert.Equal(("0123456789abcdef0123456789abcdef", "grpo-7b-01234567", "completed"), (run.SourceId, run.Name, run.Status));
        Assert.Equal("512", run.Parameters["data/train_batch_size"]);
        Assert.Equal("NaN is fine in text", run.Tags["note"]);
        Assert.Equal([1L, 2], run.Steps.Select(s => s.Step));
        Assert.Equal(0.25, run.Steps[1].Metrics["critic/rewards/mean"]);
        Assert.False(run.Steps[1].Metrics.ContainsKey("actor/pg_loss"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(3000), run.Steps[1].Time);
        Assert.Equal(["2 NaN or infinite metric values were left out: Tracker stores finite numbers only"], file.Notes);
    }

    [Fact]
    public void The_old_layout_and_a_runs_get_answer_with_histories_read_the_same()
    {
        var old = """
            {"export_info": {}, "info": {"run_uuid": "abc", "status": "RUNNING"},
             "params": {"lr": 1e-6}, "tags": {},
             "metrics": {"reward": [{"value": 0.5, "timestamp": "1000", "step": "3"}]}}
            """;
        var rest = """
            {"run": {"info": {"run_id": "abc", "run_name": "r", "status": "KILLED"},
                     "data": {"params": [{"key": "lr", "value": "1e-06"}], "tags": [{"key": "mlflow.runName", "value": "r"}]}},
             "metrics": {"reward": [{"key": "reward", "value": 0.5, "timestamp": 1000, "step": 3}]}}
            """;

        var a = Assert.Single(Parse(old).Runs);
        var b = Assert.Single(Parse(rest).Runs);

        Assert.Equal(("mlflow-abc", null, "1e-6"), (a.Name, a.Status, a.Parameters["lr"]));
        Assert.Equal(("r-abc", "killed", "1e-06"), (b.Name, b.Status, b.Parameters["lr"]));
        Assert.Equal(0.5, Assert.Single(a.Steps).Metrics["reward"]);
        Assert.Equal(3, Assert.Single(b.Steps).Step);
    }

    [Fact]
    public void Every_error_is_named_by_its_json_path_up_to_the_limit_and_all_are_counted()
    {
        var points = string.Join(",", Enumerable.Range(0, 30).Select(i => $"{{\"value\": 1, \"step\": \"s{i}\"}}"));
        var file = MlflowExport.Parse(Encoding.UTF8.GetBytes($"[{{\"info\": {{\"run_id\": \"x\"}}, \"metrics\": {{\"a b\": [{points}]}}}}, {{\"info\": {{\"run_id\": \"x\"}}}}]"), maxErrors: 20);

        Assert.False(file.IsValid);
        Assert.Equal(30, file.ErrorCount);
        Assert.Equal(20, file.Errors.Count);
        Assert.Equal("$[0].metrics['a b'][0].step", file.Errors[0].Field);
        Assert.Equal("must be an integer, got \"s0\"", file.Errors[0].Message);
    }

    [Fact]
    public void The_same_run_twice_in_one_body_is_an_error()
    {
        var file = Parse("""[{"info": {"run_id": "x"}}, {"info": {"run_id": "x"}}]""");

        var error = Assert.Single(file.Errors);
        Assert.Equal(("$[1]", "the same MLflow run (x) as $[0]"), (error.Field, error.Message));
    }

    [Fact]
    public void Bare_non_finite_words_are_quoted_outside_strings_only()
    {
        var json = """{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN \" Infinity", "NaN": 1}""";

        var quoted = Encoding.UTF8.GetString(NonFiniteJson.Quote(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("""{"a": "NaN", "b": ["Infinity", "-Infinity"], "c": "NaN \" Infinity", "NaN": 1}""", quoted);
    }

    private static Domain.Import.Runs.SourceFile Parse(string json) => MlflowExport.Parse(Encoding.UTF8.GetBytes(json));
}
