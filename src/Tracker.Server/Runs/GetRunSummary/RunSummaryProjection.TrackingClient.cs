using JasperFx.Events;
using Tracker.Domain.Runs;

namespace Tracker.Server.Runs.GetRunSummary;

/// <summary>Tracking-client runs (MLflow API): the spec derived from their parameters, and tags set after registration.</summary>
public sealed partial class RunSummaryProjection
{
    /// <summary>The spec in force; a new N re-prices the compute of the steps already counted (their tokens take it).</summary>
    public static void Apply(IEvent<RunSpecDerived> e, RunSummary run)
    {
        if (e.Data.Model.Parameters is { } n && n != run.Model.Parameters)
        {
            run.Compute = run.FlopsReported + (6 * n * run.ComputeTokens);
        }

        run.Model = e.Data.Model;
        run.Training = e.Data.Training;
        run.LastActivity = e.Timestamp;
    }

    public static void Apply(IEvent<RunTagged> e, RunSummary run)
    {
        foreach (var (key, value) in e.Data.Tags)
        {
            run.Tags[key] = value;
        }

        run.LastActivity = e.Timestamp;
    }
}
