using JasperFx.Events;
using Marten.Events.Aggregation;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Server.Runs.GetRunSummary;

/// <summary>Inline projection: the summary is committed in the same transaction as the events.
/// Conventional methods must stay public: Marten silently skips private ones.</summary>
public sealed partial class RunSummaryProjection : SingleStreamProjection<RunSummary, Guid>
{
    public static RunSummary Create(IEvent<RunRegistered> e) => new()
    {
        Id = e.Data.RunId,
        Study = e.Data.Study,
        Name = e.Data.Name,
        Model = e.Data.Model,
        Training = e.Data.Training,
        Tags = new Dictionary<string, string>(e.Data.Tags),
        Status = RunStatus.Running,
        RegisteredAt = e.Timestamp,
        LastActivity = e.Timestamp,
    };

    public static void Apply(IEvent<StepsLogged> e, RunSummary run)
    {
        var n = run.Model.Parameters;
        var batch = run.Training.BatchSize;
        foreach (var s in e.Data.Steps)
        {
            run.StepCount++;
            run.LastStep = Math.Max(run.LastStep ?? long.MinValue, s.Step);
            run.Reward = Later(run.Reward, s.Step, s.Reward);
            run.Loss = Later(run.Loss, s.Step, s.Loss);
            run.SamplesConsumed += s.Samples ?? batch ?? 0;
            run.TokensConsumed += s.Tokens ?? 0;
            run.Compute += StepCompute(s, n);
            run.FlopsReported += s.Flops ?? 0;
            run.ComputeTokens += s.Flops is null ? s.Tokens ?? 0 : 0;
        }

        run.LastActivity = e.Timestamp;
    }

    public static void Apply(IEvent<EvaluationsRecorded> e, RunSummary run)
    {
        foreach (var evaluation in e.Data.Evaluations)
        {
            if (!run.LastEvaluations.TryGetValue(evaluation.Dataset, out var last) || evaluation.Step >= last.Step)
            {
                run.LastEvaluations[evaluation.Dataset] = evaluation;
            }
        }

        run.LastActivity = e.Timestamp;
    }

    public static void Apply(IEvent<RunFinished> e, RunSummary run)
    {
        run.Status = e.Data.Status;
        run.StatusReason = e.Data.Reason;
        run.FinishedAt = e.Timestamp;
        run.LastActivity = e.Timestamp;
    }

    /// <summary>C per step: the job's own FLOPs when sent, else 6·N·tokens (science.md §1).</summary>
    public static double StepCompute(StepData s, double? n) => Tracker.Domain.Studies.Curves.RunCurveFold.StepCompute(s, n);

    private static ValueAtStep? Later(ValueAtStep? current, long step, double? value) =>
        value is { } v && (current is null || step >= current.Step) ? new ValueAtStep(step, v) : current;
}
