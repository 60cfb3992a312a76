using Tracker.Scaling.Fitting;
using Tracker.Scaling.Synthetic;

namespace Tracker.Scaling.Tests;

public class FailureTests
{
    [Fact]
    public void One_model_size_says_why()
    {
        var pts = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Sizes = [7e9] });
        var fit = ScalingFitter.Fit(pts);
        Assert.False(fit.Succeeded);
        Assert.Contains("one model size", fit.Reason);
        Assert.Empty(fit.Parameters);
        Assert.Empty(fit.Sizes);
        Assert.Null(fit.PredictLoss(7e9, 1e19));
    }

    [Fact]
    public void Too_few_points_says_why()
    {
        var pts = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseData, Sizes = [1.5e9, 7e9], Steps = 1, Runs = 1 });
        var fit = ScalingFitter.Fit(pts);
        Assert.False(fit.Succeeded);
        Assert.Contains("too few points", fit.Reason);
    }

    [Fact]
    public void Only_non_finite_points_says_why()
    {
        var fit = ScalingFitter.Fit([new ScalingPoint("a", 1e9, 1, double.NaN, 0.5), new ScalingPoint("a", 2e9, 1, 10, double.PositiveInfinity)]);
        Assert.False(fit.Succeeded);
        Assert.Contains("no usable points", fit.Reason);
        Assert.Contains("NonFinite", fit.Reason);
        Assert.Equal(2, fit.Excluded.Count);
    }

    [Fact]
    public void N0_at_its_bound_is_reported_as_degenerate()
    {
        // k proportional to N (no saturation at all): N0 runs off to the upper end of its range.
        var pts = new List<ScalingPoint>();
        foreach (double n in new[] { 1e9, 2e9, 4e9, 8e9 })
        {
            for (int s = 1; s <= 30; s++)
            {
                double x = s * 512.0;
                pts.Add(new ScalingPoint($"r{n}", n, s, x, Math.Pow(10, (-0.01 * (n / 1e9) * Math.Log10(x)) + 0.05)));
            }
        }

        var fit = ScalingFitter.Fit(pts);
        Assert.False(fit.Succeeded);
        Assert.Contains("edge of its search range", fit.Reason);
    }

    [Fact]
    public void Identical_X_within_every_size_is_singular()
    {
        var pts = new[] { 1e9, 2e9, 4e9 }.SelectMany(n => Enumerable.Range(1, 5).Select(s => new ScalingPoint($"r{s}", n, 1, 1000, 0.5 + (0.01 * s)))).ToArray();
        var fit = ScalingFitter.Fit(pts, new FitOptions { Cleaning = new() { AverageRuns = false } });
        Assert.False(fit.Succeeded);
        Assert.NotNull(fit.Reason);
        var free = ScalingFitter.Fit(pts, new FitOptions { Model = FitModel.FreeK, Cleaning = new() { AverageRuns = false } });
        Assert.False(free.Succeeded);
        Assert.Contains("distinct X", free.Reason);
    }

    [Fact]
    public void Parametric_E_with_linear_objective_is_refused()
    {
        var fit = ScalingFitter.Fit(Sweeps.Paper(PaperFits.BaseData, 1), new FitOptions { Model = FitModel.ParametricE, Objective = FitObjective.LinearEqualWeightPerSize });
        Assert.False(fit.Succeeded);
        Assert.Contains("log objective only", fit.Reason);
    }
}
