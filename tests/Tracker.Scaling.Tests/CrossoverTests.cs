using Tracker.Scaling.Crossover;
using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Tests;

public class CrossoverTests
{
    [Theory]
    [InlineData("base-C", 32e9, 72e9, 1.86e19, 0.555)]
    [InlineData("base-C", 14e9, 32e9, 2.42e17, double.NaN)]
    [InlineData("base-C", 7e9, 14e9, 1.29e17, double.NaN)]
    [InlineData("instruct-C", 32e9, 72e9, 1.60e20, 0.420)]
    [InlineData("instruct-C", 14e9, 32e9, 8.89e16, double.NaN)]
    public void Crossover_of_committed_laws_matches_science_md(string fit, double n1, double n2, double cstar, double lstar)
    {
        var law = PaperFits.All.Single(f => f.Name == fit);
        var c = CrossoverCalculator.Between(law.For(n2), law.For(n1));
        Assert.True(c.Exists);
        Assert.Equal(n1, c.N1);
        Assert.InRange(c.X / cstar, 0.99, 1.01);
        if (!double.IsNaN(lstar))
        {
            Assert.Equal(lstar, c.Loss, 3);
        }

        // Below C* the smaller model (smaller k, lower E) has the lower predicted loss.
        Assert.Equal(n1, c.LowerLossBelow);
        Assert.True(law.For(n1).PredictLoss(c.X / 10) < law.For(n2).PredictLoss(c.X / 10));
        Assert.True(law.For(n1).PredictLoss(c.X * 10) > law.For(n2).PredictLoss(c.X * 10));
    }

    [Fact]
    public void Parallel_curves_never_cross()
    {
        var c = CrossoverCalculator.Between(new SizeLaw(1e9, 0.1, 0.5), new SizeLaw(2e9, 0.1, 0.7));
        Assert.False(c.Exists);
        Assert.NotNull(c.Note);
    }

    [Fact]
    public void Compute_optimal_size_flags_extrapolation_and_respects_coverage()
    {
        var law = PaperFits.BaseCompute;
        // 32B has data up to 2e19 FLOPs, 72B from 2e18 on; 1e18 lies below the 72B data.
        var sizes = new[] { (law.For(32e9), new Interval(1e17, 2e19)), (law.For(72e9), new Interval(2e18, 4e19)) };
        var low = ComputeOptimizer.ForBudget(sizes, 1e18);
        Assert.Equal(32e9, low.BestOverall!.N);
        Assert.False(low.IsExtrapolation);

        var high = ComputeOptimizer.ForBudget(sizes, 3e19);
        Assert.Equal(72e9, high.BestOverall!.N);
        Assert.False(high.IsExtrapolation);

        var beyond = ComputeOptimizer.ForBudget(sizes, 1e21);
        Assert.True(beyond.IsExtrapolation);
        Assert.Null(beyond.BestCovered);
        Assert.NotNull(beyond.Note);
    }

    [Fact]
    public void Crossover_of_fitted_sizes_reports_data_coverage()
    {
        var fit = ScalingFitter.Fit(Sweeps.Paper(PaperFits.BaseCompute, 11), Sweeps.Fast);
        var pairs = CrossoverCalculator.AdjacentPairs(fit);
        Assert.Equal(6, pairs.Count);
        Assert.All(pairs, p => Assert.NotNull(p.InsideBothDataRanges));
        var top = pairs[^1];
        Assert.True(top.Exists);
        Assert.InRange(top.Log10X, 17, 21);
    }
}
