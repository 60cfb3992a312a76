using Tracker.Domain.Conventions;

namespace Tracker.Domain.Tests.Conventions;

public sealed class BuiltInMetricNamesTests
{
    [Theory]
    [InlineData("critic/rewards/mean", MetricRole.Reward)]
    [InlineData("critic/score/mean", MetricRole.Reward)]
    [InlineData("reward", MetricRole.Reward)]
    [InlineData("actor/pg_loss", MetricRole.Loss)]
    [InlineData("loss", MetricRole.Loss)]
    [InlineData("perf/total_num_tokens", MetricRole.StepTokens)]
    [InlineData("num_tokens", MetricRole.TotalTokens)]
    [InlineData("eval_loss", MetricRole.Other)]
    [InlineData("eval_num_tokens", MetricRole.Other)]
    [InlineData("critic/rewards/max", MetricRole.Other)]
    [InlineData("actor/kl_loss", MetricRole.Other)]
    [InlineData("val-aux/openai/gsm8k/reward/mean@1", MetricRole.Other)]
    [InlineData("profiling/Time taken: GRPOTrainer._generate", MetricRole.Other)]
    public void GivenAVerlOrTrlName_WhenClassifying_ThenItsRoleIsKnown(string key, MetricRole role)
    {
        Assert.Equal(role, BuiltInMetricNames.Classify(key).Role);
    }

    [Theory]
    [InlineData("val-core/openai/gsm8k/reward/mean@1", "openai/gsm8k")]
    [InlineData("val-core/openai/gsm8k/acc/mean_at_4", "openai/gsm8k")]
    [InlineData("val-core/math500/reward/mean@16", "math500")]
    [InlineData("val/test_score/openai/gsm8k", "openai/gsm8k")]
    [InlineData("val/test_score/math__deepscaler_preview/unknown", "math__deepscaler_preview")]
    [InlineData("eval_reward", "eval")]
    [InlineData("eval_gsm8k_reward", "gsm8k")]
    [InlineData("eval/math500/pass@1", "math500")]
    public void GivenAHeldOutScore_WhenClassifying_ThenItIsAnEvaluationOfItsDataset(string key, string dataset)
    {
        var meaning = BuiltInMetricNames.Classify(key);
        Assert.Equal(MetricRole.Evaluation, meaning.Role);
        Assert.Equal(dataset, meaning.Dataset);
    }

    [Theory]
    [InlineData("val-core/openai/gsm8k/reward/best@4/mean")] // pass@4, not pass@1
    [InlineData("val-core/openai/gsm8k/reward/maj@4/mean")]
    [InlineData("val-core/openai/gsm8k/reward/std@4")]
    [InlineData("val-core/openai/gsm8k/num_turns/mean@1")] // not a score variable
    [InlineData("eval_reward_std")]
    public void GivenAValidationStatisticThatIsNotPassAt1_WhenClassifying_ThenItIsNoEvaluation(string key)
    {
        Assert.NotEqual(MetricRole.Evaluation, BuiltInMetricNames.Classify(key).Role);
    }

    [Fact]
    public void GivenRewardsAfterAndBeforeTheKlPenalty_WhenRanking_ThenTheRewardAfterItComesFirst()
    {
        Assert.True(BuiltInMetricNames.Classify("critic/rewards/mean").Rank < BuiltInMetricNames.Classify("critic/score/mean").Rank);
        Assert.True(BuiltInMetricNames.Classify("val-core/d/acc/mean@1").Rank < BuiltInMetricNames.Classify("val-core/d/reward/mean@1").Rank);
        Assert.True(BuiltInMetricNames.Classify("val-core/d/acc/mean@8").Rank < BuiltInMetricNames.Classify("val-core/d/acc/mean@1").Rank);
    }
}
