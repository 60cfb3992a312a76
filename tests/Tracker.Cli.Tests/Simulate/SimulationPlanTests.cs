using System.Text.Json;
using Tracker.Cli.Simulate;
using Tracker.Scaling;

namespace Tracker.Cli.Tests.Simulate;

/// <summary>The simulated jobs, before anything is sent: who they claim to be, what they log, and that the same
/// options always give the same jobs.</summary>
public sealed class SimulationPlanTests
{
    private static readonly IReadOnlyList<SimulatedJob> Default = SimulationPlan.Create(new SimulateOptions());
    private static readonly IReadOnlyList<SimulatedJob> WithReuse = SimulationPlan.Create(new SimulateOptions { Reuse = true });

    [Fact]
    public void The_default_sweep_is_every_size_of_both_variants_with_three_seeds()
    {
        Assert.Equal(2 * 7 * 3, Default.Count);
        foreach (var (study, variant) in new[] { ("sim-base", "base"), ("sim-instruct", "instruct") })
        {
            var jobs = Default.Where(j => j.Study == study).ToList();
            Assert.Equal(PaperFits.SizesN, jobs.Select(j => j.Registration.Model!.Parameters!.Value).Distinct().Order());
            Assert.All(jobs.GroupBy(j => j.Registration.Model!.Parameters), size => Assert.Equal(["1", "2", "3"], size.Select(j => j.Registration.Tags!["seed"])));
            Assert.All(jobs, j => Assert.Equal(variant, j.Registration.Model!.Variant));
        }
    }

    [Fact]
    public void Every_run_is_named_sim_and_tagged_simulated_and_registers_like_a_veRL_job()
    {
        Assert.Equal(WithReuse.Count, WithReuse.Select(j => (j.Study, j.Name)).Distinct().Count());
        Assert.All(WithReuse, j =>
        {
            Assert.StartsWith("sim-", j.Name, StringComparison.Ordinal);
            Assert.Equal("true", j.Registration.Tags!["simulated"]);
            Assert.Equal(512, j.Registration.Training!.BatchSize);
            Assert.Equal(8, j.Registration.Training.RolloutN);
            Assert.Equal(j.Study, j.Registration.Study);
        });
        var instruct7B = WithReuse.First(j => j.Name == "sim-instruct-7B-seed1");
        Assert.Equal("Qwen2.5-7B-Instruct", instruct7B.Registration.Model!.Family);
        Assert.Equal("Qwen2.5-0.5B", WithReuse.First(j => j.Name == "sim-base-0.5B-seed2").Registration.Model!.Family);
        Assert.Null(instruct7B.Registration.Training!.UniqueSamples);
    }

    [Fact]
    public void Each_size_run_logs_the_step_0_evaluation_then_105_steps_with_tokens_reward_loss_and_metrics()
    {
        var job = Default.First(j => j.Name == "sim-base-14B-seed1");

        Assert.Equal(Enumerable.Range(0, 106).Select(i => (long)i), job.Steps.Select(s => s.Step));
        Assert.Null(job.Steps[0].Data);
        Assert.All(job.Steps.Skip(1), s =>
        {
            var data = s.Data!;
            Assert.InRange(data.Tokens!.Value, 4e6, 5e6);
            Assert.InRange(data.Reward!.Value, 0, 1);
            Assert.NotNull(data.Loss);
            Assert.Equal(data.Tokens, data.Metrics!["perf/total_num_tokens"]);
            Assert.Contains("actor/kl_loss", data.Metrics.Keys);
        });
        Assert.All(job.Steps, s =>
        {
            Assert.Equal("holdout", s.Evaluation.Dataset);
            Assert.Equal(500, s.Evaluation.Problems);
            Assert.Equal(s.Evaluation.PassAt1 * 500, Math.Round(s.Evaluation.PassAt1 * 500), 9);
        });
    }

    [Fact]
    public void Pass_at_1_follows_the_papers_law_at_the_compute_the_server_derives_from_tokens()
    {
        foreach (var (study, law) in new[] { ("sim-base", PaperFits.BaseCompute), ("sim-instruct", PaperFits.InstructCompute) })
        {
            foreach (var n in PaperFits.SizesN)
            {
                var residuals = new List<double>();
                foreach (var job in Default.Where(j => j.Study == study && j.Registration.Model!.Parameters == n))
                {
                    var compute = 0.0;
                    foreach (var step in job.Steps.Skip(1))
                    {
                        compute += 6 * n * step.Data!.Tokens!.Value;
                        residuals.Add((1 - step.Evaluation.PassAt1) - law.For(n).PredictLoss(compute));
                    }
                }

                // Unbiased, with the spread of a 500-problem evaluation (sd ≤ 0.0224).
                Assert.InRange(residuals.Average(), -0.005, 0.005);
                var sd = Math.Sqrt(residuals.Average(r => r * r));
                Assert.InRange(sd, 0.003, 0.025);
            }
        }
    }

    [Fact]
    public void The_reuse_sweep_is_7B_over_the_papers_taus_with_a_unique_pool_of_51200_over_tau()
    {
        var reuse = WithReuse.Where(j => j.Registration.Tags!["sweep"] == "reuse").ToList();

        Assert.Equal(2 * 7 * 3, reuse.Count);
        Assert.Equal(["sim-reuse-base", "sim-reuse-instruct"], reuse.Select(j => j.Study).Distinct().Order());
        Assert.All(reuse, j =>
        {
            var tau = double.Parse(j.Registration.Tags!["tau"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(tau, SimulationPlan.ReuseTaus);
            Assert.Equal(7e9, j.Registration.Model!.Parameters);
            Assert.Equal((long)(51_200 / tau), j.Registration.Training!.UniqueSamples);
            Assert.Equal(101, j.Steps.Count);
            Assert.Contains($"-tau{tau}-", j.Name, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Tau_100_overfits_while_tau_up_to_25_keeps_improving()
    {
        foreach (var variant in new[] { "base", "instruct" })
        {
            double Rise(double tau)
            {
                var jobs = WithReuse.Where(j => j.Study == $"sim-reuse-{variant}" && j.Registration.Tags!["tau"] == tau.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                double Loss(int from, int to) => jobs.SelectMany(j => j.Steps.Where(s => s.Step >= from && s.Step <= to)).Average(s => 1 - s.Evaluation.PassAt1);
                return Loss(90, 100) - Loss(35, 45);
            }

            Assert.True(Rise(100) > 0.01, $"{variant}: τ = 100 held-out loss should rise late in training, rose {Rise(100):F3}");
            foreach (var tau in new[] { 1.0, 2, 5, 20, 25 })
            {
                Assert.True(Rise(tau) < 0, $"{variant}: τ = {tau} should still improve, changed by {Rise(tau):F3}");
            }
        }
    }

    [Fact]
    public void The_same_options_give_the_same_jobs()
    {
        var options = new SimulateOptions { Reuse = true, Seeds = 2, Steps = 20 };

        Assert.Equal(Json(SimulationPlan.Create(options)), Json(SimulationPlan.Create(options)));
    }

    [Fact]
    public void A_run_name_always_carries_the_same_data_and_another_seed_gives_other_runs()
    {
        var first = SimulationPlan.Create(new SimulateOptions { Seed = 1, Seeds = 3 });
        var second = SimulationPlan.Create(new SimulateOptions { Seed = 3, Seeds = 2 });

        // seed3 is in both: identical, so running both only adds duplicates on the server.
        Assert.Equal(Json(first.Where(j => j.Name.EndsWith("-seed3", StringComparison.Ordinal))), Json(second.Where(j => j.Name.EndsWith("-seed3", StringComparison.Ordinal))));
        Assert.Contains(second, j => j.Name.EndsWith("-seed4", StringComparison.Ordinal));
        var seed1 = first.First(j => j.Name == "sim-base-7B-seed1");
        var seed2 = first.First(j => j.Name == "sim-base-7B-seed2");
        Assert.NotEqual(Json(seed1.Steps), Json(seed2.Steps));
    }

    [Fact]
    public void Options_select_variants_seeds_steps_and_study()
    {
        var jobs = SimulationPlan.Create(new SimulateOptions { Study = "demo", Sweep = Variants.Instruct, Seeds = 1, Steps = 10, Reuse = true });

        Assert.Equal(7 + 7, jobs.Count);
        Assert.Equal(["demo-instruct", "demo-reuse-instruct"], jobs.Select(j => j.Study).Distinct().Order());
        Assert.All(jobs.Where(j => j.Study == "demo-instruct"), j => Assert.Equal(11, j.Steps.Count));
        Assert.All(jobs.Where(j => j.Study == "demo-reuse-instruct"), j => Assert.Equal(11, j.Steps.Count));
    }

    [Fact]
    public void The_default_pace_finishes_a_full_sweep_in_under_a_minute_and_speed_scales_it()
    {
        Assert.InRange(WithReuse.Max(j => j.Duration), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(50));
        var fast = SimulationPlan.Create(new SimulateOptions { Reuse = true, Speed = 10 });
        Assert.InRange(fast.Max(j => j.Duration), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        // Larger models take longer per step, as on real hardware.
        Assert.True(Default.First(j => j.Name == "sim-base-72B-seed1").StepInterval > Default.First(j => j.Name == "sim-base-0.5B-seed1").StepInterval);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
