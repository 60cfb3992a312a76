using Tracker.Contracts.Messaging;
using Tracker.Domain.Identity;
using Tracker.Domain.Import;

namespace Tracker.Cli.Tests.Import;

/// <summary>What an imported file turns into: the same run commands a training job would send.</summary>
public sealed class PaperCsvCommandsTests
{
    private static readonly CommandOrigin Origin = new("tests", "localhost");

    private static PaperCsvFile Parse(int steps, double tau = 0, string rollout = "")
    {
        var rows = Enumerable.Range(0, steps + 1).Select(s => $"7e9,run0,{tau},{s},{(s == 0 ? 0 : 4.5e6)},{0.2 + (s * 0.001)},{rollout},0.5");
        var file = PaperCsv.Parse("model_params,runid,slice_factor,step,tokens,holdout_score,rollout_n,response_length\n" + string.Join("\n", rows));
        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        return file;
    }

    [Fact]
    public void A_run_is_registered_with_N_batch_512_and_rollout_8_under_an_id_derived_from_study_and_name()
    {
        var run = Assert.Single(PaperCsvCommands.Build(Parse(3), "paper", Origin));

        Assert.Equal(DeterministicGuid.ForRun("paper", "paper-7B-run0"), run.RunId);
        Assert.Equal("paper", run.Register.Study);
        Assert.Equal("paper-7B-run0", run.Register.Name);
        Assert.Equal(7e9, run.Register.Model.Parameters);
        Assert.Equal(512, run.Register.Training.BatchSize);
        Assert.Equal(8, run.Register.Training.RolloutN);
        Assert.Null(run.Register.Training.UniqueSamples);
        Assert.Equal("paper-csv", run.Register.Tags["source"]);
        Assert.Equal("run0", run.Register.Tags["runid"]);
        Assert.Equal("completed", run.Finish.Status);
        Assert.Empty(PaperCsvCommands.Validate([run]));
    }

    [Fact]
    public void Steps_carry_tokens_and_metrics_and_evaluations_are_holdout_pass_at_1()
    {
        var run = Assert.Single(PaperCsvCommands.Build(Parse(3), "paper", Origin));

        var steps = run.Steps.SelectMany(b => b.Steps).ToList();
        Assert.Equal([0L, 1, 2, 3], steps.Select(s => s.Step));
        Assert.Equal([0, 4.5e6, 4.5e6, 4.5e6], steps.Select(s => s.Tokens));
        Assert.All(steps, s => Assert.Null(s.Flops));
        Assert.Equal([0, null, null, null], steps.Select(s => s.Samples));
        Assert.All(steps, s => Assert.Equal(0.5, s.Metrics!["response_length"]));
        var evaluations = run.Evaluations.SelectMany(b => b.Evaluations).ToList();
        Assert.All(evaluations, e => Assert.Equal("holdout", e.Dataset));
        Assert.Equal(new[] { 0, 1, 2, 3 }.Select(s => 0.2 + (s * 0.001)), evaluations.Select(e => e.PassAt1));
    }

    [Fact]
    public void A_reuse_run_has_the_papers_unique_pool_and_a_tau_tag()
    {
        var run = Assert.Single(PaperCsvCommands.Build(Parse(3, tau: 25, rollout: "rho16"), "paper", Origin));

        Assert.Equal("paper-7B-run0-tau25", run.Register.Name);
        Assert.Equal(2048, run.Register.Training.UniqueSamples);
        Assert.Equal(16, run.Register.Training.RolloutN);
        Assert.Equal("25", run.Register.Tags["tau"]);
    }

    [Fact]
    public void Steps_and_evaluations_are_sent_in_batches_no_larger_than_the_limit()
    {
        var run = Assert.Single(PaperCsvCommands.Build(Parse(24), "paper", Origin, batchLimit: 10));

        Assert.Equal([10, 10, 5], run.Steps.Select(b => b.Steps.Count));
        Assert.Equal([10, 10, 5], run.Evaluations.Select(b => b.Evaluations.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), run.Steps.SelectMany(b => b.Steps).Select(s => s.Step));
    }

    [Fact]
    public void An_invalid_study_name_is_found_by_the_apis_own_validation()
    {
        var runs = PaperCsvCommands.Build(Parse(1), "bad\u0001study", Origin);

        var error = Assert.Single(PaperCsvCommands.Validate(runs));
        Assert.Equal("paper-7B-run0: study", error.Field);
    }

    [Fact]
    public void A_file_with_errors_cannot_be_turned_into_commands()
    {
        var bad = PaperCsv.Parse("model_params,runid,step,tokens,holdout_score\n7e9,r,1,x,0.1\n");

        Assert.Throws<ArgumentException>(() => PaperCsvCommands.Build(bad, "paper", Origin));
    }
}
