using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Crossover;

/// <summary>Compute-optimal trained size for a budget: argmin over trained sizes of L(N, C) (sizes are discrete).</summary>
public static class ComputeOptimizer
{
    public static ComputeOptimalResult ForBudget(FitResult fit, double budget)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (!fit.Succeeded)
        {
            return new ComputeOptimalResult(budget, null, null, false, [], $"the fit failed: {fit.Reason}");
        }

        return ForBudget(fit.Sizes.Select(s => (s.Law, new Interval(s.XMin, s.XMax))), budget);
    }

    public static ComputeOptimalResult ForBudget(IEnumerable<(SizeLaw Law, Interval DataRange)> sizes, double budget)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (!(budget > 0) || !double.IsFinite(budget))
        {
            return new ComputeOptimalResult(budget, null, null, false, [], "the budget must be a positive finite number");
        }

        var candidates = sizes.OrderBy(s => s.Law.N)
            .Select(s => new BudgetCandidate(s.Law.N, s.Law.PredictLoss(budget), s.DataRange.Contains(budget), s.DataRange.Lower, s.DataRange.Upper))
            .ToArray();
        var best = candidates.OrderBy(c => c.PredictedLoss).ThenBy(c => c.N).FirstOrDefault();
        var bestCovered = candidates.Where(c => c.Covered).OrderBy(c => c.PredictedLoss).ThenBy(c => c.N).FirstOrDefault();
        bool extrapolation = best is not null && !best.Covered;
        string? note = best is null ? "no sizes"
            : bestCovered is null ? "no trained size has data at this budget: every prediction is an extrapolation"
            : extrapolation ? $"the lowest predicted loss ({best.N:G4}) is an extrapolation beyond that size's data; among covered sizes the best is {bestCovered.N:G4}"
            : null;
        return new ComputeOptimalResult(budget, bestCovered, best, extrapolation, candidates, note);
    }
}
