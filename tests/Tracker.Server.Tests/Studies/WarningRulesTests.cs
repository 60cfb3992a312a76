using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Curves;
using Tracker.Scaling;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;
using Tracker.Server.Studies.Warnings;

namespace Tracker.Server.Tests.Studies;

/// <summary>The warning rules on hand-built data (pure: no database).</summary>
public sealed class WarningRulesTests
{
    [Fact]
    public void A_running_job_forecast_to_end_worse_than_a_smaller_model_at_the_same_compute_is_warned_about()
    {
        var curves = new List<RunCurve>();
        var points = new List<ScalingPointView>();
        foreach (var (n, running, bad) in new[] { (1.5e9, false, false), (7e9, false, false), (14e9, true, true), (32e9, true, false) })
        {
            var id = Guid.NewGuid();
            curves.Add(new RunCurve { Id = id, Name = $"n{n / 1e9}", N = n, Finished = !running, Study = "s" });
            var law = PaperFits.BaseCompute.For(n);
            for (var step = 1; step <= 60; step++)
            {
                var c = 6 * n * 4.5e6 * step;
                // The bad run learns far slower than its size should: its curve stays above the 7B law.
                var l = bad ? Math.Min(0.99, law.PredictLoss(c) * (1.25 - (step * 0.0005))) : law.PredictLoss(c);
                points.Add(new ScalingPointView(n, id, $"n{n / 1e9}", step, c, step * 512.0, null, l, null));
            }
        }

        var data = new StudyData(new StudySummary { Id = "s" }, curves, points, 1);
        var warnings = WarningRules.Evaluate(data).Where(w => w.Kind == WarningRules.ForecastWorseThanSmaller).ToList();

        var warned = Assert.Single(warnings);
        Assert.Equal(curves.Single(c => c.N == 14e9).Id, warned.RunId);
        Assert.True(warned.Evidence["smallerN"] < 14e9);
        Assert.True(warned.Evidence["smallerLoss"] < warned.Evidence["forecastFinalLoss"]);
    }
}
