using Tracker.Scaling.Saturation;

namespace Tracker.Scaling.Tests;

public class SaturationTests
{
    [Fact]
    public void Reports_levels_marginal_gains_and_model_comparison()
    {
        var r = SaturationAnalyzer.Analyze(Sweeps.Paper(PaperFits.BaseCompute, 51), Sweeps.Fast);
        Assert.True(r.Succeeded, r.Reason);
        double n0 = r.N0!.Value, kmax = r.Kmax!.Value;
        Assert.Equal(new[] { 0.5, 0.8, 0.9 }, r.Levels.Select(l => l.Fraction));
        Assert.Equal(n0, r.Levels[0].N, 6);
        Assert.Equal(4 * n0, r.Levels[1].N, 3);
        Assert.Equal(9 * n0, r.Levels[2].N, 3);
        Assert.All(r.Levels, l => Assert.True(l.Interval.Contains(l.N)));
        Assert.True(r.Levels[0].Interval.Contains(PaperFits.BaseCompute.N0));
        Assert.Equal(7, r.Sizes.Count);
        foreach (var s in r.Sizes)
        {
            // dk/dlog10 N by finite difference of k(N).
            double h = 1e-6, kp = kmax / (1 + (n0 / (s.N * Math.Pow(10, h)))), km = kmax / (1 + (n0 / (s.N * Math.Pow(10, -h))));
            Assert.Equal((kp - km) / (2 * h), s.DkDLog10N, 6);
            Assert.NotNull(s.FreeK);
        }

        Assert.True(r.Sizes.Zip(r.Sizes.Skip(1)).All(p => p.Second.KOverKmax > p.First.KOverKmax));
        Assert.NotNull(r.DeltaAic);
        Assert.NotEqual("free-k", r.Preferred);
    }

    [Fact]
    public void Free_k_wins_when_k_does_not_follow_the_saturating_form()
    {
        // k zig-zags across sizes: no monotone saturating curve fits it.
        var ks = new[] { 0.02, 0.08, 0.03, 0.09, 0.04 };
        var pts = new List<ScalingPoint>();
        for (int g = 0; g < ks.Length; g++)
        {
            double n = Math.Pow(2, g) * 1e9;
            var rng = new Random(g);
            for (int s = 1; s <= 100; s++)
            {
                double x = s * 512.0, noise = 0.002 * (rng.NextDouble() - 0.5);
                pts.Add(new ScalingPoint("r", n, s, x, Math.Pow(10, (-ks[g] * Math.Log10(x)) + 0.1 + noise)));
            }
        }

        var r = SaturationAnalyzer.Analyze(pts, Sweeps.Fast);
        if (r.Succeeded)
        {
            Assert.Equal("free-k", r.Preferred);
        }
        else
        {
            Assert.NotNull(r.Reason);
        }
    }
}
