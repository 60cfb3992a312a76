using Tracker.Contracts.Studies;
using Tracker.Scaling;
using Tracker.Scaling.Crossover;
using Tracker.Scaling.Extrapolation;
using Tracker.Scaling.Fitting;
using Tracker.Scaling.Forecasting;
using Tracker.Scaling.Reuse;
using Tracker.Scaling.Saturation;

namespace Tracker.Domain.Studies.Analysis;

/// <summary>Runs the scaling engine on a study's points and maps its answers to the API's views. Pure: no IO.</summary>
public static class StudyAnalysis
{
    /// <summary>The live fit leaves the bootstrap out (it runs every second); intervals come from the Jacobian.</summary>
    public static readonly FitOptions LiveFit = new() { BootstrapResamples = 0 };

    public static FitView Fit(string study, string axis, IReadOnlyList<ScalingPointView> points, long highWaterMark, DateTimeOffset computedAt, double? holdoutN = null)
    {
        var input = ScalingDataset.ForAxis(points, axis).ToList();
        HoldoutView? holdout = null;
        if (holdoutN is { } n)
        {
            var extrapolation = SizeExtrapolator.Extrapolate(input, n);
            holdout = new HoldoutView(
                n,
                // The paper's protocol fits the held-out size's E(N) on its own points (k from the curve): R² over them.
                extrapolation.R2HeldOut ?? extrapolation.R2AllPoints,
                extrapolation.Band.Select(b => new PredictedPointView(b.X, b.Predicted, b.Lower, b.Upper)).ToList(),
                extrapolation.Succeeded ? null : extrapolation.Reason);
            input = input.Where(p => Math.Abs(p.N - n) > 1).ToList();
        }

        return ToView(study, axis, ScalingFitter.Fit(input, LiveFit), highWaterMark, computedAt) with { Holdout = holdout };
    }

    public static FitView ToView(string study, string axis, FitResult fit, long highWaterMark, DateTimeOffset computedAt) => new(
        study,
        axis,
        fit.Succeeded,
        fit.Reason,
        Estimate(fit.Parameter("Kmax")),
        Estimate(fit.Parameter("N0")),
        fit.Sizes.Select(s => new SizeFitView(s.N, Estimate(s.K)!, Estimate(s.E)!, s.Points, s.XMin, s.XMax, s.R2Linear)).ToList(),
        fit.Quality?.R2Linear,
        fit.Quality?.RmseLog10,
        fit.PointsUsed,
        fit.Excluded.Count,
        highWaterMark,
        computedAt);

    public static SaturationView Saturation(string axis, IReadOnlyList<ScalingPointView> points)
    {
        var report = SaturationAnalyzer.Analyze(ScalingDataset.ForAxis(points, axis), LiveFit);
        return new SaturationView(
            axis,
            report.Succeeded,
            report.Reason,
            Estimate(report.Kmax),
            Estimate(report.N0),
            report.Levels.Select(l => new SaturationLevelView(l.Fraction, l.N)).ToList(),
            report.Sizes.Select(s => new SizeSaturationView(s.N, s.K, s.KOverKmax, s.DkDLog10N, s.FreeK, s.FreeKStandardError)).ToList(),
            report.DeltaAic,
            report.Preferred);
    }

    public static CrossoverView Crossover(string axis, IReadOnlyList<ScalingPointView> points, double a, double b)
    {
        var fit = ScalingFitter.Fit(ScalingDataset.ForAxis(points, axis), LiveFit);
        if (!fit.Succeeded)
        {
            return new CrossoverView(axis, a, b, false, null, null, null, null, null, $"no fit: {fit.Reason}");
        }

        if (fit.Size(a) is not { } sa || fit.Size(b) is not { } sb)
        {
            return new CrossoverView(axis, a, b, false, null, null, null, null, null, $"both sizes must be trained in this study; trained: {string.Join(", ", fit.Sizes.Select(s => s.N))}");
        }

        var c = CrossoverCalculator.Between(sa, sb);
        return new CrossoverView(axis, a, b, c.Exists, c.Exists ? c.X : null, c.Exists ? c.Loss : null, c.LowerLossBelow, c.LowerLossAbove, c.InsideBothDataRanges, c.Note);
    }

    public static PlanView Plan(string axis, IReadOnlyList<ScalingPointView> points, double budget)
    {
        var fit = ScalingFitter.Fit(ScalingDataset.ForAxis(points, axis), LiveFit);
        if (!fit.Succeeded)
        {
            return new PlanView(axis, budget, null, null, false, [], $"no fit: {fit.Reason}");
        }

        var plan = ComputeOptimizer.ForBudget(fit, budget);
        return new PlanView(axis, budget, Candidate(plan.BestCovered), Candidate(plan.BestOverall), plan.IsExtrapolation, plan.Candidates.Select(c => Candidate(c)!).ToList(), plan.Note);
    }

    public static List<ForecastView> Forecasts(string axis, IReadOnlyList<ScalingPointView> points, Func<Guid, (string Name, bool Finished)> run)
    {
        var input = ScalingDataset.ForAxis(points, axis).ToList();
        var law = ScalingFitter.Fit(input, LiveFit);
        return RunForecaster.ForecastAll(input, new ForecastOptions { Law = law.Succeeded ? law : null })
            .Select(f =>
            {
                var id = Guid.Parse(f.RunId);
                var (name, _) = run(id);
                return new ForecastView(id, name, axis, f.Succeeded, f.Reason, f.N, f.CutStep, f.FinalStep,
                    f.Succeeded ? f.PredictedFinalL : null, f.Succeeded ? f.FinalInterval.Lower : null, f.Succeeded ? f.FinalInterval.Upper : null,
                    f.Finished, f.ActualFinalL, f.FinalError,
                    f.Rest.Select(p => new PredictedPointView(p.X, p.Predicted, p.Lower, p.Upper)).ToList());
            })
            .ToList();
    }

    /// <summary>The reuse sweep: runs of one size with a known unique pool, each labelled with its final τ.</summary>
    public static ReuseView Reuse(IReadOnlyList<ScalingPointView> points, double threshold)
    {
        var sweep = points.Where(p => p.Tau is not null)
            .GroupBy(p => p.N)
            .OrderByDescending(g => g.Select(p => p.RunId).Distinct().Count())
            .FirstOrDefault();
        if (sweep is null)
        {
            return new ReuseView(false, "no run in this study declares training.uniqueSamples, so τ is unknown", null, [], null, threshold);
        }

        var finalTau = sweep.GroupBy(p => p.RunId).ToDictionary(g => g.Key, g => Math.Round(g.Max(p => p.Tau!.Value), 1));
        var input = sweep.Select(p => new ScalingPoint(p.RunId.ToString(), p.N, (int)p.Step, p.D, p.L, finalTau[p.RunId], p.Reward));
        var report = ReuseAnalyzer.Analyze(input, new ReuseOptions { WarnAboveTau = threshold });
        return new ReuseView(
            report.Succeeded,
            report.Reason,
            sweep.Key,
            report.Taus.Select(t => new TauComparisonView(t.Tau, t.FinalLoss, t.Difference, t.NoiseStandardError, t.Comparable, t.Overfit.Flagged)).ToList(),
            report.LargestComparableTau,
            threshold);
    }

    private static PlanCandidateView? Candidate(BudgetCandidate? c) => c is null ? null : new(c.N, c.PredictedLoss, c.Covered, c.XMin, c.XMax);

    private static EstimateView? Estimate(ParameterEstimate? p) =>
        p is null ? null : new EstimateView(p.Value, p.StandardError, p.Interval.Lower, p.Interval.Upper);
}
