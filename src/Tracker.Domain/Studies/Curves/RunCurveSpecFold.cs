using Tracker.Domain.Runs;

namespace Tracker.Domain.Studies.Curves;

/// <summary>How a run's derived spec (RunSpecDerived, from a tracking client's parameters) folds into its curve: N and
/// the training shape apply to the steps that follow. A job logs its parameters before its first step (veRL and TRL
/// both do), so those steps are priced and counted with them.</summary>
public static class RunCurveSpecFold
{
    public static void Apply(RunCurve curve, RunSpecDerived e, long sequence)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(e);
        curve.N = e.Model.Parameters;
        curve.Variant = e.Model.Variant;
        curve.BatchSize = e.Training.BatchSize;
        curve.UniqueSamples = e.Training.UniqueSamples;
        curve.LastSequence = sequence;
    }
}
