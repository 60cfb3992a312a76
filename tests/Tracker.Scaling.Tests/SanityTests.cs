using Tracker.Scaling.Fitting;
using Tracker.Scaling.Synthetic;
using Xunit.Abstractions;

namespace Tracker.Scaling.Tests;

public class SanityTests(ITestOutputHelper output)
{
    [Fact]
    public void Prints()
    {
        foreach (var law in PaperFits.All)
        {
            var pts = SyntheticSweep.Generate(new SweepSpec { Law = law, Seed = 3 });
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var fit = ScalingFitter.Fit(pts);
            output.WriteLine($"{law.Name} {sw.Elapsed.TotalMilliseconds} ms ok={fit.Succeeded} {fit.Reason}");
            foreach (var p in fit.Parameters) output.WriteLine($"  {p}");
            output.WriteLine($"  true Kmax {law.Kmax} N0 {law.N0:G4}  q={fit.Quality}");
            foreach (var obj in new[] { FitObjective.LinearEqualWeightPerSize })
            {
                sw.Restart();
                var f2 = ScalingFitter.Fit(pts, new FitOptions { Objective = obj });
                output.WriteLine($"  linear {sw.Elapsed.TotalMilliseconds} ms ok={f2.Succeeded} {f2.Reason} {f2.Parameter("Kmax")} {f2.Parameter("N0")}");
            }
            var f3 = ScalingFitter.Fit(pts, new FitOptions { Model = FitModel.FreeK });
            output.WriteLine($"  freek ok={f3.Succeeded} {f3.Reason} AIC {f3.Quality?.Aic} vs {fit.Quality?.Aic}");
            var f4 = ScalingFitter.Fit(pts, new FitOptions { Model = FitModel.ParametricE });
            output.WriteLine($"  paramE ok={f4.Succeeded} {f4.Reason} {string.Join(" ", f4.Parameters.Select(p => $"{p.Name}={p.Value:G4}"))} AIC {f4.Quality?.Aic}");
        }
    }
}
