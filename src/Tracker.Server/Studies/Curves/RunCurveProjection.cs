using JasperFx.Events;
using Marten.Events.Aggregation;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies.Curves;

namespace Tracker.Server.Studies.Curves;

/// <summary>Async projection (Marten daemon): keeps ingestion's transaction small; fits wait for it to catch up.
/// The fold itself is <see cref="RunCurveFold"/>, shared with offline replay.</summary>
public sealed partial class RunCurveProjection : SingleStreamProjection<RunCurve, Guid>
{
    public static RunCurve Create(IEvent<RunRegistered> e) => RunCurveFold.Create(e.Data, e.Sequence);

    public static void Apply(IEvent<StepsLogged> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);

    public static void Apply(IEvent<EvaluationsRecorded> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);

    public static void Apply(IEvent<RunFinished> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);

    public static void Apply(IEvent<EvaluationInvalidated> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);

    public static void Apply(IEvent<RunExcludedFromFits> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);

    public static void Apply(IEvent<RunReincluded> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);

    public static void Apply(IEvent<ModelSizeCorrected> e, RunCurve curve) => RunCurveFold.Apply(curve, e.Data, e.Sequence);
}
