using Tracker.Scaling.Fitting;
using Tracker.Scaling.Forecasting;

namespace Tracker.Scaling.Tests;

public class ForecastTests
{
    [Fact]
    public void Final_loss_from_the_first_quarter_is_close_and_inside_its_interval()
    {
        var pts = Sweeps.Paper(PaperFits.BaseCompute, 41, missing: 0);
        var all = RunForecaster.ForecastAll(pts, new ForecastOptions { Fraction = 0.25 });
        Assert.Equal(21, all.Count);
        Assert.All(all, f =>
        {
            Assert.True(f.Succeeded, f.Reason);
            Assert.Equal(26, f.CutStep);
            Assert.True(f.Finished);
            Assert.Equal(105, f.FinalStep);
            Assert.InRange(Math.Abs(f.RelativeFinalError!.Value), 0, 0.12);
        });
        Assert.True(all.Count(f => f.FinalWithinInterval == true) >= 18);
    }

    [Fact]
    public void A_running_job_is_forecast_to_its_planned_end()
    {
        var run = Sweeps.Paper(PaperFits.BaseCompute, 42, shuffle: false).Where(p => p.RunId.EndsWith("7B-run0", StringComparison.Ordinal) && p.Step <= 40).ToArray();
        var f = RunForecaster.Forecast(run, new ForecastOptions { Fraction = 0.3, TotalSteps = 105 });
        Assert.True(f.Succeeded, f.Reason);
        Assert.False(f.Finished);
        Assert.Null(f.FinalError);
        Assert.Equal(105 - 31, f.Rest.Count);
        Assert.True(f.Rest[^1].XExtrapolated);
        Assert.False(f.Rest[0].XExtrapolated);
        var truth = PaperFits.BaseCompute.For(7e9).PredictLoss(f.Rest[^1].X);
        Assert.True(f.FinalInterval.Contains(truth));
    }

    [Fact]
    public void With_a_joint_law_only_E_is_fitted()
    {
        var pts = Sweeps.Paper(PaperFits.BaseData, 43);
        var law = ScalingFitter.Fit(pts.Where(p => p.N != 14e9), Sweeps.Fast);
        var run = pts.Where(p => p.N == 14e9 && p.RunId.EndsWith("run1", StringComparison.Ordinal)).ToArray();
        var f = RunForecaster.Forecast(run, new ForecastOptions { Law = law, Fraction = 0.2 });
        Assert.True(f.Succeeded, f.Reason);
        Assert.True(f.KFromLaw);
        Assert.Equal(law.K(14e9)!.Value, f.K, 12);
    }

    [Fact]
    public void Too_early_to_forecast_says_why()
    {
        var run = Sweeps.Paper(PaperFits.BaseData, 44, shuffle: false).Where(p => p.RunId.EndsWith("3B-run0", StringComparison.Ordinal)).ToArray();
        var f = RunForecaster.Forecast(run, new ForecastOptions { Fraction = 0.02 });
        Assert.False(f.Succeeded);
        Assert.Contains("usable points", f.Reason);
    }
}
