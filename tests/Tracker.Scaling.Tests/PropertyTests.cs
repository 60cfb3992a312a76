using CsCheck;
using Tracker.Scaling.Fitting;
using Tracker.Scaling.Synthetic;

namespace Tracker.Scaling.Tests;

public class PropertyTests
{
    private static readonly Gen<PaperFit> Laws = Gen.Int[0, 3].Select(i => PaperFits.All[i]);

    [Fact]
    public void Fit_is_invariant_to_point_order()
    {
        Gen.Select(Laws, Gen.Int[1, 1_000_000], Gen.Int[0, int.MaxValue]).Sample((law, seed, shuffle) =>
        {
            var pts = SyntheticSweep.Generate(new SweepSpec { Law = law, Seed = seed, Runs = 2, Steps = 40, MissingStepFraction = 0.05 });
            var rng = new Random(shuffle);
            var shuffled = pts.OrderBy(_ => rng.Next()).ToArray();
            var opts = FitOptions.Default with { BootstrapResamples = 20 };
            var a = ScalingFitter.Fit(pts, opts);
            var b = ScalingFitter.Fit(shuffled, opts);
            Assert.True(a.Succeeded, a.Reason);
            Assert.Equal(a.Parameters, b.Parameters);
            Assert.Equal(a.Sizes, b.Sizes);
            Assert.Equal(a.Excluded.Select(e => (e.Point, e.Reason)), b.Excluded.Select(e => (e.Point, e.Reason)));
        }, iter: 12, threads: 1);
    }

    [Fact]
    public void Changing_the_unit_of_X_shifts_E_by_k_log10_s_only()
    {
        Gen.Select(Laws, Gen.Int[1, 1_000_000], Gen.Double[-6, 6]).Sample((law, seed, log10S) =>
        {
            double s = Math.Pow(10, log10S);
            var pts = SyntheticSweep.Generate(new SweepSpec { Law = law, Seed = seed, Runs = 2, Steps = 40 });
            var scaled = pts.Select(p => p with { X = p.X * s }).ToArray();
            var a = ScalingFitter.Fit(pts, Sweeps.Fast);
            var b = ScalingFitter.Fit(scaled, Sweeps.Fast);
            Assert.True(a.Succeeded && b.Succeeded);
            // Absolute tolerances, not rounding to n places: two values 3e-9 apart can round to different 6th decimals.
            Assert.Equal(a.Parameter("Kmax")!.Value, b.Parameter("Kmax")!.Value, 1e-6);
            Assert.Equal(a.Parameter("log10N0")!.Value, b.Parameter("log10N0")!.Value, 1e-4);
            for (int g = 0; g < a.Sizes.Count; g++)
            {
                Assert.Equal(a.Sizes[g].E.Value + (a.Sizes[g].K.Value * log10S), b.Sizes[g].E.Value, 1e-5);
                Assert.Equal(a.Sizes[g].Law.Rescaled(s).E, b.Sizes[g].E.Value, 1e-5);
            }
        }, iter: 12, threads: 1);
    }

    [Fact]
    public void Predictions_decrease_monotonically_in_X()
    {
        var fit = ScalingFitter.Fit(Sweeps.Paper(PaperFits.BaseCompute, 21), Sweeps.Fast);
        Gen.Select(Gen.Int[0, 6], Gen.Double[15, 22], Gen.Double[0.001, 3]).Sample((g, lx, dx) =>
        {
            var size = fit.Sizes[g];
            double x1 = Math.Pow(10, lx), x2 = Math.Pow(10, lx + dx);
            Assert.True(fit.PredictLoss(size.N, x2) < fit.PredictLoss(size.N, x1));
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Intervals_widen_with_noise()
    {
        Gen.Select(Laws, Gen.Int[1, 1_000_000], Gen.Double[0.2, 0.8]).Sample((law, seed, low) =>
        {
            FitResult FitAt(double noise) => ScalingFitter.Fit(
                SyntheticSweep.Generate(new SweepSpec { Law = law, Seed = seed, NoiseScale = noise, Runs = 2 }), Sweeps.Fast);
            var quiet = FitAt(low);
            var loud = FitAt(low * 2.5);
            Assert.True(quiet.Succeeded && loud.Succeeded);
            Assert.True(loud.Parameter("Kmax")!.Interval.Width > quiet.Parameter("Kmax")!.Interval.Width);
            Assert.True(loud.Parameter("log10N0")!.Interval.Width > quiet.Parameter("log10N0")!.Interval.Width);
        }, iter: 10, threads: 1);
    }
}
