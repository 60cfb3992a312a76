using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Studies.Curves;

/// <summary>How a run's events fold into its <see cref="RunCurve"/>. One implementation for the server's projection and
/// for offline replay of a bundle (<c>tracker replay</c>), so both derive the same datasets and fits.</summary>
public static partial class RunCurveFold
{
    public static RunCurve Create(RunRegistered e, long sequence) => new()
    {
        Id = e.RunId,
        Study = e.Study,
        Name = e.Name,
        N = e.Model.Parameters,
        Variant = e.Model.Variant,
        BatchSize = e.Training.BatchSize,
        UniqueSamples = e.Training.UniqueSamples,
        Simulated = e.Tags.TryGetValue("simulated", out var simulated) && simulated == "true",
        LastSequence = sequence,
    };

    public static void Apply(RunCurve curve, StepsLogged e, long sequence)
    {
        AlignComputeTokens(curve);
        var rows = new List<(long Step, (double Compute, double? ComputeTokens, double Samples, double? Reward) Value)>(e.Steps.Count);
        foreach (var s in e.Steps)
        {
            var compute = s.Flops is null && (s.Tokens is null || curve.N is null) ? double.NaN : StepCompute(s, curve.N);
            rows.Add((s.Step, (compute, s.Flops is null ? s.Tokens : null, s.Samples ?? curve.BatchSize ?? double.NaN, s.Reward)));
        }

        if (curve.Steps.Count == 0 || rows.Min(r => r.Step) > curve.Steps[^1])
        {
            // The common case, steps arriving in order: append to the columns without rebuilding them.
            foreach (var (step, (compute, computeTokens, samples, reward)) in rows.OrderBy(r => r.Step))
            {
                curve.Steps.Add(step);
                curve.Compute.Add(compute);
                curve.ComputeTokens.Add(computeTokens);
                curve.Samples.Add(samples);
                curve.Reward.Add(reward);
            }

            curve.LastSequence = sequence;
            return;
        }

        var values = curve.Steps.Select((_, i) => (curve.Compute[i], curve.ComputeTokens[i], curve.Samples[i], curve.Reward[i])).ToList();
        SortedColumns.Merge(curve.Steps, values, rows);
        curve.Compute = values.Select(v => v.Item1).ToList();
        curve.ComputeTokens = values.Select(v => v.Item2).ToList();
        curve.Samples = values.Select(v => v.Item3).ToList();
        curve.Reward = values.Select(v => v.Item4).ToList();
        curve.LastSequence = sequence;
    }

    public static void Apply(RunCurve curve, EvaluationsRecorded e, long sequence)
    {
        foreach (var group in e.Evaluations.GroupBy(x => x.Dataset))
        {
            if (!curve.Evaluations.TryGetValue(group.Key, out var series))
            {
                curve.Evaluations[group.Key] = series = new EvaluationSeries();
            }

            SortedColumns.Merge(series.Steps, series.PassAt1, group.Select(x => (x.Step, x.PassAt1)));
        }

        curve.LastSequence = sequence;
    }

    public static void Apply(RunCurve curve, RunFinished e, long sequence)
    {
        ArgumentNullException.ThrowIfNull(e);
        curve.Finished = true;
        curve.LastSequence = sequence;
    }

    /// <summary>C per step: the job's own FLOPs when sent, else 6·N·tokens (science.md §1).</summary>
    public static double StepCompute(StepData s, double? n) =>
        s.Flops ?? (s.Tokens is { } tokens && n is { } parameters ? 6 * parameters * tokens : 0);
}
