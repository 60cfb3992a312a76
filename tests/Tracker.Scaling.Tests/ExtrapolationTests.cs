using Tracker.Scaling.Extrapolation;
using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Tests;

public class ExtrapolationTests
{
    [Theory]
    [InlineData("base-C", 31)]
    [InlineData("base-D", 32)]
    [InlineData("instruct-C", 33)]
    [InlineData("instruct-D", 34)]
    public void Predicts_72B_from_smaller_sizes_as_the_paper_does(string name, int seed)
    {
        // Paper protocol: k(72B) from the 0.5B–32B curve, only E(72B) fitted on the 72B rows; R² over those rows.
        var law = PaperFits.All.Single(f => f.Name == name);
        var r = SizeExtrapolator.Extrapolate(Sweeps.Paper(law, seed), 72e9);
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(EMethod.Compensated, r.EMethod);
        Assert.Equal(6, r.TrainingFit!.Sizes.Count);
        Assert.True(r.CompensationPoints > 90);
        Assert.True(r.R2AllPoints >= 0.8, $"R² on the 72B points = {r.R2AllPoints}");
        Assert.True(r.K!.Interval.Contains(law.K(72e9)));
    }

    [Theory]
    [InlineData("base-C", 35)]
    [InlineData("base-D", 36)]
    public void A_few_72B_points_predict_the_rest_of_its_curve(string name, int seed)
    {
        var law = PaperFits.All.Single(f => f.Name == name);
        var r = SizeExtrapolator.Extrapolate(Sweeps.Paper(law, seed), 72e9, new ExtrapolationOptions { CompensationSteps = 10 });
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(10, r.CompensationPoints);
        Assert.True(r.HeldOutPoints > 80);
        // Noise alone caps R² on the later, flatter part of the curve near 0.86.
        Assert.True(r.R2HeldOut >= 0.75, $"R² on held-out 72B points = {r.R2HeldOut}");
        Assert.InRange(r.BandCoverage!.Value, 0.75, 1);
        Assert.All(r.Band, b => Assert.True(b.Lower < b.Predicted && b.Predicted < b.Upper));
    }

    [Fact]
    public void Without_compensation_E_is_extrapolated_and_the_band_is_wider()
    {
        var pts = Sweeps.Paper(PaperFits.BaseCompute, 34);
        var comp = SizeExtrapolator.Extrapolate(pts, 72e9, new ExtrapolationOptions { CompensationSteps = 10 });
        var none = SizeExtrapolator.Extrapolate(pts, 72e9, new ExtrapolationOptions { CompensationSteps = 0 });
        Assert.True(none.Succeeded, none.Reason);
        Assert.Equal(EMethod.LinearInLog10N, none.EMethod);
        Assert.Equal(0, none.CompensationPoints);
        Assert.True(none.E!.StandardError > comp.E!.StandardError);
    }

    [Fact]
    public void Free_k_model_cannot_extrapolate()
    {
        var r = SizeExtrapolator.Extrapolate(Sweeps.Paper(PaperFits.BaseCompute, 35), 72e9,
            new ExtrapolationOptions { Fit = FitOptions.Default with { Model = FitModel.FreeK } });
        Assert.False(r.Succeeded);
        Assert.Contains("free-k", r.Reason);
    }

    [Fact]
    public void Unseen_size_without_points_uses_the_X_grid()
    {
        var pts = Sweeps.Paper(PaperFits.BaseData, 36).Where(p => p.N < 72e9).ToArray();
        var r = SizeExtrapolator.Extrapolate(pts, 72e9, new ExtrapolationOptions { CompensationSteps = 0, XGrid = [5120, 51200] });
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(2, r.Band.Count);
        Assert.Null(r.R2HeldOut);
        Assert.True(r.Band[1].Predicted < r.Band[0].Predicted);
    }
}
