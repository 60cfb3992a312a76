using JasperFx.Events;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies.Curves;

namespace Tracker.Server.Studies.Curves;

/// <summary>Tracking-client runs (MLflow API): the spec derived from their parameters.</summary>
public sealed partial class RunCurveProjection
{
    public static void Apply(IEvent<RunSpecDerived> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);
}
