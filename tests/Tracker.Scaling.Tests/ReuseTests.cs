using Tracker.Scaling.Reuse;
using Tracker.Scaling.Synthetic;

namespace Tracker.Scaling.Tests;

public class ReuseTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public void Tau_up_to_25_is_comparable_and_tau_100_overfits(int seed, bool withReward)
    {
        var pts = SyntheticReuseSweep.Generate(new ReuseSweepSpec { Seed = seed, IncludeReward = withReward });
        var r = ReuseAnalyzer.Analyze(pts);
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(7, r.Taus.Count);
        Assert.All(r.Taus.Where(t => t.Tau <= 25), t =>
        {
            Assert.True(t.Comparable, $"τ={t.Tau} diff {t.Difference}");
            Assert.False(t.Overfit.Flagged, t.Overfit.Reason);
            Assert.False(t.AboveWarnThreshold);
        });
        var t100 = r.Taus.Single(t => t.Tau == 100);
        Assert.True(t100.Overfit.Flagged, t100.Overfit.Reason);
        Assert.False(t100.Comparable);
        Assert.True(t100.ExceedsNoise);
        Assert.True(t100.AboveWarnThreshold);
        Assert.Equal(withReward, t100.Overfit.RewardSlope is not null);
        Assert.InRange(r.LargestComparableTau!.Value, 25, 50);
        Assert.Contains(r.Warnings, w => w.Contains("100", StringComparison.Ordinal));
        Assert.Equal("run-to-run spread", t100.NoiseSource);
    }

    [Fact]
    public void A_single_run_per_tau_uses_the_bootstrap()
    {
        var r = ReuseAnalyzer.Analyze(SyntheticReuseSweep.Generate(new ReuseSweepSpec { Runs = 1, Seed = 9 }));
        Assert.True(r.Succeeded, r.Reason);
        Assert.All(r.Taus.Where(t => t.Tau != 1), t => Assert.Equal("bootstrap of window points", t.NoiseSource));
        Assert.True(r.Taus.Single(t => t.Tau == 100).Overfit.Flagged);
    }

    [Fact]
    public void Rising_loss_without_rising_reward_is_not_overfitting()
    {
        var pts = SyntheticReuseSweep.Generate(new ReuseSweepSpec { Seed = 10 })
            .Select(p => p with { Reward = p.Reward is null ? null : 1 - (p.Step * 0.001) }).ToArray();
        var t100 = ReuseAnalyzer.Analyze(pts).Taus.Single(t => t.Tau == 100);
        Assert.False(t100.Overfit.Flagged);
        Assert.Contains("reward does not", t100.Overfit.Reason);
    }

    [Fact]
    public void Sweeps_must_have_one_size_and_a_tau_1_reference()
    {
        var pts = SyntheticReuseSweep.Generate(new ReuseSweepSpec());
        Assert.False(ReuseAnalyzer.Analyze(pts.Where(p => p.Tau != 1)).Succeeded);
        var twoSizes = pts.Concat(SyntheticReuseSweep.Generate(new ReuseSweepSpec { N = 14e9 }));
        var r = ReuseAnalyzer.Analyze(twoSizes);
        Assert.False(r.Succeeded);
        Assert.Contains("one model size", r.Reason);
    }
}
