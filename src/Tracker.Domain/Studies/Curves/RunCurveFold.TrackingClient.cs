using Tracker.Domain.Runs;

namespace Tracker.Domain.Studies.Curves;

/// <summary>How a tracking-client run's derived spec (RunSpecDerived, from its parameters) folds into its curve: the
/// training shape applies to the steps that follow, and a new N re-prices the steps already priced as 6·N·tokens (as a
/// model-size correction does), so a job whose parameters arrive after its first steps still gets its compute right.</summary>
public static partial class RunCurveFold
{
    public static void Apply(RunCurve curve, RunSpecDerived e, long sequence)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(e);
        if (e.Model.Parameters is { } n && n != curve.N)
        {
            Reprice(curve, n);
        }

        if (e.Training.BatchSize is { } batch && curve.BatchSize is null)
        {
            // Steps counted before the batch size was known consumed the default: one batch each.
            for (var i = 0; i < curve.Samples.Count; i++)
            {
                curve.Samples[i] = double.IsNaN(curve.Samples[i]) ? batch : curve.Samples[i];
            }
        }

        curve.Variant = e.Model.Variant;
        curve.BatchSize = e.Training.BatchSize;
        curve.UniqueSamples = e.Training.UniqueSamples;
        curve.LastSequence = sequence;
    }
}
