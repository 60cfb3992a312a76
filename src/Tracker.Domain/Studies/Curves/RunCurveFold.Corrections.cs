using Tracker.Domain.Runs;

namespace Tracker.Domain.Studies.Curves;

/// <summary>How corrections fold into a run's curve: the points they affect change, the events behind them do not.</summary>
public static partial class RunCurveFold
{
    /// <summary>One entry point for every correction (replays dispatch on <see cref="IRunCorrection"/>).</summary>
    public static void Apply(RunCurve curve, IRunCorrection correction, long sequence)
    {
        switch (correction)
        {
            case EvaluationInvalidated e:
                Invalidate(curve, e);
                break;
            case RunExcludedFromFits:
                curve.ExcludedFromFits = true;
                break;
            case RunReincluded:
                curve.ExcludedFromFits = false;
                break;
            case ModelSizeCorrected e:
                Reprice(curve, e.To);
                break;
        }

        curve.LastSequence = sequence;
    }

    private static void Invalidate(RunCurve curve, EvaluationInvalidated e)
    {
        if (curve.Evaluations.TryGetValue(e.Dataset, out var series) && series.Steps.BinarySearch(e.Step) is >= 0 and var index)
        {
            series.Steps.RemoveAt(index);
            series.PassAt1.RemoveAt(index);
        }
    }

    /// <summary>Steps priced as 6·N·tokens take the new N (by the same expression as <see cref="StepCompute"/>, so a
    /// corrected run equals one registered with the right N); the job's own FLOPs stay as sent.</summary>
    private static void Reprice(RunCurve curve, double n)
    {
        AlignComputeTokens(curve);
        curve.N = n;
        for (var i = 0; i < curve.Steps.Count; i++)
        {
            if (curve.ComputeTokens[i] is { } tokens)
            {
                curve.Compute[i] = 6 * n * tokens;
            }
        }
    }

    /// <summary>Curves stored before the token column existed have it empty: their steps cannot be re-priced.</summary>
    private static void AlignComputeTokens(RunCurve curve)
    {
        while (curve.ComputeTokens.Count < curve.Steps.Count)
        {
            curve.ComputeTokens.Add(null);
        }
    }
}
