using JasperFx.Events;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Server.Runs.GetRunSummary;

/// <summary>Corrections folded into the run summary: the effective state, with each correction listed.</summary>
public sealed partial class RunSummaryProjection
{
    /// <summary>The summary keeps only the latest evaluation per dataset: when that one is invalidated the dataset has
    /// no last evaluation until a later one arrives (the full corrected series is in the study's dataset).</summary>
    public static void Apply(IEvent<EvaluationInvalidated> e, RunSummary run)
    {
        if (run.LastEvaluations.TryGetValue(e.Data.Dataset, out var last) && last.Step == e.Data.Step)
        {
            run.LastEvaluations.Remove(e.Data.Dataset);
        }

        Record(run, e, new CorrectionView("evaluation-invalidated", e.Data.Reason, e.Data.By, e.Timestamp, Step: e.Data.Step, Dataset: e.Data.Dataset));
    }

    public static void Apply(IEvent<RunExcludedFromFits> e, RunSummary run)
    {
        run.ExcludedFromFits = true;
        Record(run, e, new CorrectionView("excluded-from-fits", e.Data.Reason, e.Data.By, e.Timestamp));
    }

    public static void Apply(IEvent<RunReincluded> e, RunSummary run)
    {
        run.ExcludedFromFits = false;
        Record(run, e, new CorrectionView("reincluded", e.Data.Reason, e.Data.By, e.Timestamp));
    }

    /// <summary>N moves to the corrected value and compute is re-priced: the job's own FLOPs stay, tokens take the new N.</summary>
    public static void Apply(IEvent<ModelSizeCorrected> e, RunSummary run)
    {
        run.Model = run.Model with { Parameters = e.Data.To };
        run.Compute = run.FlopsReported + (6 * e.Data.To * run.ComputeTokens);
        Record(run, e, new CorrectionView("model-size-corrected", e.Data.Reason, e.Data.By, e.Timestamp, From: e.Data.From, To: e.Data.To));
    }

    private static void Record(RunSummary run, IEvent e, CorrectionView correction)
    {
        run.Corrections.Add(correction);
        run.LastActivity = e.Timestamp;
    }
}
