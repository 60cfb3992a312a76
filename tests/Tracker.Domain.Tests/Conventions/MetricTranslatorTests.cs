using Tracker.Contracts.Mlflow;
using Tracker.Domain.Conventions;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Conventions;

public sealed class MetricTranslatorTests
{
    private const long Time = 1_737_000_000_000;

    [Fact]
    public void GivenAVerlStep_WhenTranslating_ThenItIsOneStepWithRewardLossTokensAndEveryFiniteMetric()
    {
        var history = new FakeStepHistory();
        var points = new List<MetricPoint>
        {
            MetricPoint.Of("critic/score/mean", 3, Time, 0.30),
            MetricPoint.Of("critic/rewards/mean", 3, Time, 0.25),
            MetricPoint.Of("actor/pg_loss", 3, Time, 0.012),
            MetricPoint.Of("perf/total_num_tokens", 3, Time, 4.2e6),
            MetricPoint.Of("rollout_corr/rollout_is_max", 3, Time, double.NegativeInfinity),
            MetricPoint.Of("val-core/openai/gsm8k/reward/mean@1", 3, Time, 0.61),
        };

        var translation = MetricTranslator.Translate(points, TrainingConventions.BuiltIn, history, 512);

        var step = Assert.Single(translation.Steps);
        Assert.Equal(3, step.Step);
        Assert.Equal(0.25, step.Reward); // after the KL penalty, before the raw score
        Assert.Equal(0.012, step.Loss);
        Assert.Equal(4.2e6, step.Tokens);
        Assert.Null(step.Samples); // the run's batch size per step
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Time), step.Time);
        Assert.Equal(5, step.Metrics!.Count);
        Assert.DoesNotContain("rollout_corr/rollout_is_max", step.Metrics.Keys);
        var evaluation = Assert.Single(translation.Evaluations);
        Assert.Equal(("openai/gsm8k", 3L, 0.61), (evaluation.Dataset, evaluation.Step, evaluation.PassAt1));
    }

    [Fact]
    public void GivenValidationBeforeTraining_WhenTranslating_ThenStepZeroIsAnEvaluationButNoTrainingStep()
    {
        var translation = MetricTranslator.Translate(
            [MetricPoint.Of("val-core/openai/gsm8k/reward/mean@1", 0, Time, 0.42), MetricPoint.Of("val-aux/num_turns/mean", 0, Time, 1)],
            TrainingConventions.BuiltIn, new FakeStepHistory(), 512);

        Assert.Empty(translation.Steps);
        Assert.Equal(0.42, Assert.Single(translation.Evaluations).PassAt1);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void GivenAHeldOutScoreOutsideZeroToOne_WhenTranslating_ThenItIsNoEvaluation(double value)
    {
        var translation = MetricTranslator.Translate([MetricPoint.Of("val-core/d/reward/mean@1", 5, Time, value)], TrainingConventions.BuiltIn, new FakeStepHistory(), null);
        Assert.Empty(translation.Evaluations);
    }

    [Fact]
    public void GivenAStepAlreadyStored_WhenTheSameStepIsLoggedAgainWithOtherValues_ThenNothingNewIsDerived()
    {
        var history = new FakeStepHistory();
        history.Store(MetricTranslator.Translate([MetricPoint.Of("reward", 10, Time, 0.5), MetricPoint.Of("eval_reward", 10, Time, 0.4)], TrainingConventions.BuiltIn, history, 64));

        var again = MetricTranslator.Translate([MetricPoint.Of("reward", 10, Time + 5, 0.7), MetricPoint.Of("eval_reward", 10, Time + 5, 0.9)], TrainingConventions.BuiltIn, history, 64);

        Assert.Empty(again.Steps);
        Assert.Empty(again.Evaluations);
    }

    [Fact]
    public void GivenTrlRunningTokenTotalsEveryTenSteps_WhenTranslating_ThenEachStepHasItsOwnTokensAndThePromptsSinceTheLastLog()
    {
        var history = new FakeStepHistory();
        foreach (var (step, total) in new[] { (10L, 1_000.0), (20L, 2_500.0), (30L, 3_100.0) })
        {
            history.Store(MetricTranslator.Translate(
                [MetricPoint.Of("loss", step, Time + step, 0.1), MetricPoint.Of("reward", step, Time + step, 0.2), MetricPoint.Of("num_tokens", step, Time + step, total)],
                TrainingConventions.BuiltIn, history, 32));
        }

        Assert.Equal([1_000.0, 1_500.0, 600.0], history.Steps.Select(s => s.Tokens!.Value));
        Assert.Equal([320.0, 320.0, 320.0], history.Steps.Select(s => s.Samples!.Value));
    }

    [Fact]
    public void GivenProfilingMetricsAloneAtAStep_WhenTranslating_ThenTheyMakeNoStepAndTheLaterTrainingLogDoes()
    {
        var history = new FakeStepHistory();
        history.Store(MetricTranslator.Translate([MetricPoint.Of("profiling/Time taken: GRPOTrainer._generate", 4, Time, 1.2)], TrainingConventions.BuiltIn, history, 8));
        Assert.Empty(history.Steps);

        history.Store(MetricTranslator.Translate([MetricPoint.Of("reward", 4, Time + 9, 0.3)], TrainingConventions.BuiltIn, history, 8));
        Assert.Equal(0.3, Assert.Single(history.Steps).Reward);
    }

    [Fact]
    public void GivenAStudyMapping_WhenTranslating_ThenItsNamesGiveTheStepAndTheEvaluation()
    {
        var conventions = new TrainingConventions(new ConventionMapping(
            Metrics: new Dictionary<string, string> { ["reward"] = "my/return", ["tokens"] = "my/tokens" },
            Evaluations: new Dictionary<string, string> { ["my/heldout_acc"] = "holdout" }));

        var translation = MetricTranslator.Translate(
            [MetricPoint.Of("my/return", 2, Time, 0.8), MetricPoint.Of("my/tokens", 2, Time, 1e5), MetricPoint.Of("my/heldout_acc", 2, Time, 0.55)],
            conventions, new FakeStepHistory(), 16);

        var step = Assert.Single(translation.Steps);
        Assert.Equal((0.8, 1e5), (step.Reward!.Value, step.Tokens!.Value));
        Assert.Equal(("holdout", 0.55), (translation.Evaluations[0].Dataset, translation.Evaluations[0].PassAt1));
    }

    [Fact]
    public void GivenNegativeOrHugeSteps_WhenTranslating_ThenTheyDeriveNothing()
    {
        var translation = MetricTranslator.Translate(
            [MetricPoint.Of("reward", -1, Time, 0.5), MetricPoint.Of("reward", 1L << 50, Time, 0.5)], TrainingConventions.BuiltIn, new FakeStepHistory(), 8);
        Assert.Empty(translation.Steps);
    }
}
