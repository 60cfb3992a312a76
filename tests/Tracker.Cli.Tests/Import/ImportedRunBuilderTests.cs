using Tracker.Contracts.Messaging;
using Tracker.Domain.Identity;
using Tracker.Domain.Import.Conventions;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Cli.Tests.Import;

/// <summary>Imported runs become the commands a veRL or TRL job would have sent, the same every time.</summary>
public sealed class ImportedRunBuilderTests
{
    private static readonly ImportedRunBuilder Builder = new(SharedImportConventions.BuiltIn);
    private static readonly CommandOrigin Origin = new("test");

    private static readonly SourceRun Verl = new(
        "abc",
        "verl-run",
        new Dictionary<string, string>
        {
            ["actor_rollout_ref/model/path"] = "Qwen/Qwen2.5-7B-Instruct",
            ["data/train_batch_size"] = "512",
            ["actor_rollout_ref/rollout/n"] = "8",
        },
        new Dictionary<string, string> { ["mlflow.user"] = "alice", ["team"] = "rl", ["_private"] = "x" },
        [
            new SourceStep(0, null, new Dictionary<string, double> { ["val-core/math500/acc/mean@4"] = 0.3 }),
            new SourceStep(1, null, new Dictionary<string, double> { ["critic/rewards/mean"] = 0.2, ["perf/total_num_tokens"] = 4e6 }),
            new SourceStep(3, null, new Dictionary<string, double> { ["critic/rewards/mean"] = 0.3, ["perf/total_num_tokens"] = 5e6, ["val-core/math500/acc/mean@4"] = 0.4, ["val-core/math500/reward/mean@4"] = 0.9 }),
        ],
        "completed");

    [Fact]
    public void A_verl_run_is_registered_with_N_batch_size_and_rollouts_from_its_parameters()
    {
        var run = Builder.Build(Verl, "mlflow", "s", RunImportOptions.None, Origin);

        Assert.Equal(DeterministicGuid.ForRun("s", "verl-run"), run.RunId);
        Assert.Equal(("Qwen2.5-7B-Instruct", 7e9, "instruct"), (run.Register.Model.Family, run.Register.Model.Parameters, run.Register.Model.Variant));
        Assert.Equal((512, 8), (run.Register.Training.BatchSize, run.Register.Training.RolloutN));
        Assert.Equal(new Dictionary<string, string> { ["source"] = "mlflow", ["sourceRunId"] = "abc", ["team"] = "rl" }, run.Register.Tags);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", run.Register.Config!.Value.GetProperty("parameters").GetProperty("actor_rollout_ref/model/path").GetString());
        Assert.Equal("completed", run.Finish!.Status);
    }

    [Fact]
    public void Steps_count_the_prompts_and_tokens_since_the_previous_logged_step_and_step_0_consumes_nothing()
    {
        var run = Builder.Build(Verl, "mlflow", "s", RunImportOptions.None, Origin);

        var steps = Assert.Single(run.Steps).Steps;
        Assert.Equal([0L, 1, 3], steps.Select(s => s.Step));
        Assert.Equal([0.0, 512, 1024], steps.Select(s => s.Samples!.Value));
        Assert.Equal([0.0, 4e6, 10e6], steps.Select(s => s.Tokens!.Value));
        Assert.Equal([null, 0.2, 0.3], steps.Select(s => s.Reward));
        // acc is veRL's core variable: it wins over reward for the same dataset.
        Assert.Equal([(0L, "math500", 0.3), (3L, "math500", 0.4)], Assert.Single(run.Evaluations).Evaluations.Select(e => (e.Step, e.Dataset, e.PassAt1)));
    }

    [Fact]
    public void A_running_total_of_tokens_is_differenced()
    {
        var trl = Verl with
        {
            Parameters = new Dictionary<string, string>(),
            Steps =
            [
                new SourceStep(10, null, new Dictionary<string, double> { ["num_tokens"] = 1e6 }),
                new SourceStep(20, null, new Dictionary<string, double> { ["num_tokens"] = 2.5e6 }),
            ],
        };

        var run = Builder.Build(trl, "wandb-csv", "s", new RunImportOptions(ModelParameters: 1.5e9, BatchSize: 16, Status: "running"), Origin);

        var steps = Assert.Single(run.Steps).Steps;
        Assert.Equal([1e6, 1.5e6], steps.Select(s => s.Tokens!.Value));
        Assert.Equal([160.0, 160], steps.Select(s => s.Samples!.Value));
        Assert.Equal(1.5e9, run.Register.Model.Parameters);
        Assert.Null(run.Finish);
    }

    [Fact]
    public void The_same_source_always_gives_the_same_commands()
    {
        var a = Builder.Build(Verl, "mlflow", "s", RunImportOptions.None, Origin);
        var b = Builder.Build(Verl with { Steps = [.. Verl.Steps.Reverse()] }, "mlflow", "s", RunImportOptions.None, new CommandOrigin("other"));

        Assert.Equal(a.Steps[0].Steps.Select(Fingerprint.Of), b.Steps[0].Steps.Select(Fingerprint.Of));
        Assert.Equal(a.Evaluations[0].Evaluations.Select(Fingerprint.Of), b.Evaluations[0].Evaluations.Select(Fingerprint.Of));
        Assert.True(System.Text.Json.JsonElement.DeepEquals(a.Register.Config!.Value, b.Register.Config!.Value));
    }

    [Fact]
    public void Long_runs_are_split_into_batches_of_at_most_the_limit()
    {
        var steps = Enumerable.Range(1, 25).Select(i => new SourceStep(i, null, new Dictionary<string, double> { ["reward"] = i })).ToList();

        var run = Builder.Build(Verl with { Steps = steps }, "mlflow", "s", RunImportOptions.None, Origin, batchLimit: 10);

        Assert.Equal([10, 10, 5], run.Steps.Select(b => b.Steps.Count));
    }
}
