using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;
using Xunit.Abstractions;

namespace Tracker.Scaling.Tests;

public class RecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public void Kmax_and_N0_lie_in_their_95pct_intervals_in_at_least_90pct_of_trials()
    {
        // 40 trials: 10 seeds × base/instruct × C/D, shuffled with missing steps.
        int trials = 0, kIn = 0, nIn = 0;
        foreach (var law in PaperFits.All)
        {
            for (int seed = 100; seed < 110; seed++)
            {
                var fit = ScalingFitter.Fit(Sweeps.Paper(law, seed), Sweeps.Fast);
                Assert.True(fit.Succeeded, fit.Reason);
                trials++;
                kIn += fit.Parameter("Kmax")!.Interval.Contains(law.Kmax) ? 1 : 0;
                nIn += fit.Parameter("N0")!.Interval.Contains(law.N0) ? 1 : 0;
            }
        }

        output.WriteLine($"Kmax covered {kIn}/{trials}, N0 covered {nIn}/{trials}");
        Assert.True(kIn >= 0.9 * trials, $"Kmax covered in {kIn}/{trials}");
        Assert.True(nIn >= 0.9 * trials, $"N0 covered in {nIn}/{trials}");
    }

    [Fact]
    public void Fit_reports_quality_counts_and_bootstrap_intervals()
    {
        var pts = Sweeps.Paper(PaperFits.BaseCompute, 7);
        var fit = ScalingFitter.Fit(pts);
        Assert.True(fit.Succeeded, fit.Reason);
        Assert.Equal(7, fit.Sizes.Count);
        Assert.Equal(9, fit.Quality!.Parameters);
        Assert.Equal(fit.Data.Count, fit.Quality.Points);
        Assert.Equal(pts.Count, fit.Data.Points.Sum(p => p.Runs) + fit.Excluded.Count);
        Assert.All(fit.Excluded.Where(e => e.Point.Step == 0), e => Assert.Equal(ExclusionReason.StepZero, e.Reason));
        Assert.InRange(fit.Quality.R2Linear, 0.99, 1);
        Assert.InRange(fit.Quality.RmseLog10, 0.001, 0.05);
        Assert.True(fit.Quality.Bic > fit.Quality.Aic);
        Assert.Equal(BootstrapMethod.Runs, fit.Bootstrap!.Method);
        Assert.Equal(200, fit.Bootstrap.Succeeded);
        Assert.All(fit.Parameters, p => Assert.NotNull(p.BootstrapInterval));
        Assert.All(fit.Sizes, s => Assert.True(s.K.StandardError > 0 && s.E.StandardError > 0));
        Assert.Equal(PaperFits.BaseCompute.K(72e9), fit.K(72e9)!.Value, 2);
    }

    [Fact]
    public void Same_input_gives_bit_identical_output()
    {
        var pts = Sweeps.Paper(PaperFits.InstructCompute, 8);
        var a = ScalingFitter.Fit(pts);
        var b = ScalingFitter.Fit(pts.Reverse().ToArray());
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Sizes, b.Sizes);
        Assert.Equal(a.Quality, b.Quality);
        Assert.Equal(a.Covariance!.Values, b.Covariance!.Values);
    }

    [Fact]
    public void Profiled_fit_matches_generic_nonlinear_least_squares()
    {
        var data = PointCleaner.Clean(Sweeps.Paper(PaperFits.BaseData, 9));
        var fit = ScalingFitter.Fit(data, Sweeps.Fast with { Covariance = CovarianceKind.Classic });
        var lm = GenericNonlinearFit.Fit(data);
        Assert.True(lm.Succeeded, lm.Reason);
        Assert.Equal(lm.Kmax, fit.Parameter("Kmax")!.Value, 6);
        Assert.Equal(Math.Log10(lm.N0), fit.Parameter("log10N0")!.Value, 5);
        for (int g = 0; g < 7; g++)
        {
            Assert.Equal(lm.E[g], fit.Sizes[g].E.Value, 6);
        }

        // Classic covariance equals LM's σ²(JᵀJ)⁻¹.
        Assert.Equal(lm.StandardErrors[0], fit.Parameter("Kmax")!.StandardError, 6);
    }

    [Fact]
    public void Paper_objective_equal_weight_per_size_recovers_the_law()
    {
        var law = PaperFits.BaseCompute;
        var fit = ScalingFitter.Fit(Sweeps.Paper(law, 12), Sweeps.Fast with { Objective = FitObjective.LinearEqualWeightPerSize });
        Assert.True(fit.Succeeded, fit.Reason);
        Assert.Equal(FitObjective.LinearEqualWeightPerSize, fit.Objective);
        var k = fit.Parameter("Kmax")!;
        Assert.InRange(law.Kmax, k.Value - (4 * k.StandardError), k.Value + (4 * k.StandardError));
        Assert.InRange(fit.Quality!.R2Linear, 0.99, 1);
    }

    [Fact]
    public void Free_k_and_parametric_E_models_fit()
    {
        var pts = Sweeps.Paper(PaperFits.BaseCompute, 13);
        var free = ScalingFitter.Fit(pts, Sweeps.Fast with { Model = FitModel.FreeK });
        Assert.True(free.Succeeded, free.Reason);
        Assert.Equal(14, free.Quality!.Parameters);
        Assert.Empty(free.Parameters);
        Assert.Null(free.K(100e9));
        Assert.All(free.Sizes, s => Assert.InRange(PaperFits.BaseCompute.For(s.N).K, s.K.Value - (4 * s.K.StandardError), s.K.Value + (4 * s.K.StandardError)));

        var par = ScalingFitter.Fit(pts, Sweeps.Fast with { Model = FitModel.ParametricE });
        Assert.True(par.Succeeded, par.Reason);
        Assert.Equal(4, par.Quality!.Parameters);
        Assert.NotNull(par.Parameter("Emax"));
        Assert.NotNull(par.PredictLoss(20e9, 1e19));
    }
}
