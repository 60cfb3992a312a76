using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Curves;
using Tracker.Scaling;

namespace Tracker.Domain.Studies.Analysis;

/// <summary>Turns run curves into scaling points (science.md §1): at each evaluation step s of the loss dataset,
/// C(s) = Σ_{t≤s} compute_t, D(s) = Σ_{t≤s} samples_t (s × batch size when the job posted no steps), τ = D/unique, L = 1 − pass@1.
/// Order-independent by construction: everything is read from step-sorted columns.</summary>
public static class ScalingDataset
{
    public static List<ScalingPointView> Build(IEnumerable<RunCurve> curves, string lossDataset)
    {
        var points = new List<ScalingPointView>();
        foreach (var run in curves.OrderBy(c => c.N).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            // An excluded run (a correction) keeps its curve but gives no points, so no fit, forecast or warning sees it.
            if (run.ExcludedFromFits || run.N is not { } n || !run.Evaluations.TryGetValue(lossDataset, out var evaluations))
            {
                continue;
            }

            var cumulativeCompute = Prefix(run.Compute);
            var cumulativeSamples = Prefix(run.Samples);
            for (var i = 0; i < evaluations.Steps.Count; i++)
            {
                var step = evaluations.Steps[i];
                var upTo = UpperBound(run.Steps, step); // steps ≤ s
                var c = upTo == 0 ? 0 : cumulativeCompute[upTo - 1];
                var d = run.Steps.Count == 0 ? step * (double)(run.BatchSize ?? 0) : upTo == 0 ? 0 : cumulativeSamples[upTo - 1];
                var reward = upTo > 0 && run.Steps[upTo - 1] == step ? run.Reward[upTo - 1] : null;
                double? tau = run.UniqueSamples is > 0 and var unique ? d / unique : null;
                points.Add(new ScalingPointView(n, run.Id, run.Name, step, c, d, tau, 1 - evaluations.PassAt1[i], reward));
            }
        }

        return points;
    }

    /// <summary>The engine's input for one axis; run ids are the stable sort key that makes fits order-independent.</summary>
    public static IEnumerable<ScalingPoint> ForAxis(IEnumerable<ScalingPointView> points, string axis) =>
        points.Select(p => new ScalingPoint(p.RunId.ToString(), p.N, (int)Math.Min(p.Step, int.MaxValue), axis == Axis.Data ? p.D : p.C, p.L, p.Tau, p.Reward));

    private static double[] Prefix(List<double> values)
    {
        var sums = new double[values.Count];
        var total = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            total += values[i];
            sums[i] = total;
        }

        return sums;
    }

    private static int UpperBound(List<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
