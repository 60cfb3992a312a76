using Tracker.Contracts.Runs;

namespace Tracker.Server.Runs.GetRunSummary;

public static class RunSummaryMapping
{
    public static RunSummaryView ToView(this RunSummary run) => new(
        run.Id,
        run.Study,
        run.Name,
        run.Model,
        run.Training,
        run.Tags,
        run.Status.ToString().ToLowerInvariant(),
        run.StatusReason,
        run.RegisteredAt,
        run.FinishedAt,
        run.StepCount,
        run.LastStep,
        run.Reward?.Value,
        run.Loss?.Value,
        run.SamplesConsumed,
        run.TokensConsumed,
        run.Compute,
        run.Tau,
        run.LastEvaluations,
        [],
        run.ExcludedFromFits,
        run.Corrections);
}
