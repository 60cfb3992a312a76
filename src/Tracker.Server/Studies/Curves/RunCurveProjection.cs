using JasperFx.Events;
using Marten.Events.Aggregation;
using Tracker.Domain.Runs;
using Tracker.Server.Runs.GetRunSummary;

namespace Tracker.Server.Studies.Curves;

/// <summary>Async projection (Marten daemon): keeps ingestion's transaction small; fits wait for it to catch up.</summary>
public sealed class RunCurveProjection : SingleStreamProjection<RunCurve, Guid>
{
    public static RunCurve Create(IEvent<RunRegistered> e) => new()
    {
        Id = e.Data.RunId,
        Study = e.Data.Study,
        Name = e.Data.Name,
        N = e.Data.Model.Parameters,
        Variant = e.Data.Model.Variant,
        BatchSize = e.Data.Training.BatchSize,
        UniqueSamples = e.Data.Training.UniqueSamples,
        Simulated = e.Data.Tags.TryGetValue("simulated", out var simulated) && simulated == "true",
        LastSequence = e.Sequence,
    };

    public static void Apply(IEvent<StepsLogged> e, RunCurve curve)
    {
        var rows = new List<(long Step, (double Compute, double Samples, double? Reward) Value)>(e.Data.Steps.Count);
        foreach (var s in e.Data.Steps)
        {
            var compute = s.Flops is null && (s.Tokens is null || curve.N is null) ? double.NaN : RunSummaryProjection.StepCompute(s, curve.N);
            rows.Add((s.Step, (compute, s.Samples ?? curve.BatchSize ?? double.NaN, s.Reward)));
        }

        if (curve.Steps.Count == 0 || rows.Min(r => r.Step) > curve.Steps[^1])
        {
            // The common case, steps arriving in order: append to the columns without rebuilding them.
            foreach (var (step, (compute, samples, reward)) in rows.OrderBy(r => r.Step))
            {
                curve.Steps.Add(step);
                curve.Compute.Add(compute);
                curve.Samples.Add(samples);
                curve.Reward.Add(reward);
            }

            curve.LastSequence = e.Sequence;
            return;
        }

        var values = curve.Steps.Select((_, i) => (curve.Compute[i], curve.Samples[i], curve.Reward[i])).ToList();
        SortedColumns.Merge(curve.Steps, values, rows);
        curve.Compute = values.Select(v => v.Item1).ToList();
        curve.Samples = values.Select(v => v.Item2).ToList();
        curve.Reward = values.Select(v => v.Item3).ToList();
        curve.LastSequence = e.Sequence;
    }

    public static void Apply(IEvent<EvaluationsRecorded> e, RunCurve curve)
    {
        foreach (var group in e.Data.Evaluations.GroupBy(x => x.Dataset))
        {
            if (!curve.Evaluations.TryGetValue(group.Key, out var series))
            {
                curve.Evaluations[group.Key] = series = new EvaluationSeries();
            }

            SortedColumns.Merge(series.Steps, series.PassAt1, group.Select(x => (x.Step, x.PassAt1)));
        }

        curve.LastSequence = e.Sequence;
    }

    public static void Apply(IEvent<RunFinished> e, RunCurve curve)
    {
        curve.Finished = true;
        curve.LastSequence = e.Sequence;
    }
}
