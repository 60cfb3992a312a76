using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Conventions;

/// <summary>The steps and evaluations a study derives from one request's metric points (science.md §1):
/// a step is made where the request logs a reward, loss or token count at a step the run has not stored; a held-out
/// pass@1 in [0, 1] becomes an evaluation. What is stored stays: a step or evaluation logged again (a resumed job
/// re-logging from a checkpoint) derives nothing new, and its points are still kept as metrics.</summary>
public static class MetricTranslator
{
    public static MetricTranslation Translate(IReadOnlyList<MetricPoint> points, TrainingConventions conventions, IStepHistory history, int? batchSize)
    {
        var steps = new List<StepData>();
        var evaluations = new List<EvaluationData>();
        var added = new SortedList<long, double>();
        foreach (var group in points.Where(p => p.Step is >= 0 and <= Limits.MaxStep).GroupBy(p => p.Step).OrderBy(g => g.Key))
        {
            var step = group.Key;
            var latest = Latest(group);
            var meanings = latest.ToDictionary(p => p.Key, p => conventions.Classify(p.Key), StringComparer.Ordinal);
            var reward = Best(latest, meanings, MetricRole.Reward);
            var loss = Best(latest, meanings, MetricRole.Loss);
            var stepTokens = Best(latest, meanings, MetricRole.StepTokens) is >= 0 and var t ? t : (double?)null;
            var totalTokens = Best(latest, meanings, MetricRole.TotalTokens) is >= 0 and var total ? total : (double?)null;

            if ((reward ?? loss ?? stepTokens ?? totalTokens) is not null && !history.TryGetStep(step, out _) && !added.ContainsKey(step))
            {
                double? tokens = stepTokens;
                double? samples = null;
                if (tokens is null && totalTokens is { } running)
                {
                    // A running total counts since the previous logged step: the step's tokens are the difference, and
                    // the prompts it consumed are those of every step in between (TRL logs every logging_steps steps).
                    var (previous, before) = Before(history, added, step);
                    tokens = Math.Max(0, running - before);
                    samples = batchSize is { } b ? (step - (previous ?? 0)) * (double)b : null;
                }

                var time = group.Max(p => p.Timestamp) is > 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
                var metrics = latest.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!.Value, StringComparer.Ordinal);
                steps.Add(new StepData(step, time, reward, loss, tokens, null, samples, metrics.Count == 0 ? null : metrics));
                added[step] = tokens ?? 0;
            }

            foreach (var (dataset, passAt1) in Evaluations(latest, meanings))
            {
                if (!history.TryGetEvaluation(step, dataset, out _))
                {
                    evaluations.Add(new EvaluationData(step, dataset, passAt1));
                }
            }
        }

        return new MetricTranslation(steps, evaluations);
    }

    /// <summary>The last point of each key at one step (a request may log a key twice).</summary>
    private static List<MetricPoint> Latest(IEnumerable<MetricPoint> points)
    {
        var byKey = new Dictionary<string, MetricPoint>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            byKey[p.Key] = p;
        }

        return [.. byKey.Values];
    }

    private static double? Best(List<MetricPoint> points, Dictionary<string, MetricMeaning> meanings, MetricRole role) =>
        points.Where(p => p.Value is not null && meanings[p.Key].Role == role)
            .OrderBy(p => meanings[p.Key].Rank).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value)
            .FirstOrDefault();

    private static IEnumerable<(string Dataset, double PassAt1)> Evaluations(List<MetricPoint> points, Dictionary<string, MetricMeaning> meanings) =>
        points.Where(p => p.Value is >= 0 and <= 1 && meanings[p.Key] is { Role: MetricRole.Evaluation, Dataset.Length: > 0 and <= Limits.MaxNameLength })
            .GroupBy(p => meanings[p.Key].Dataset!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.OrderBy(p => meanings[p.Key].Rank).ThenBy(p => p.Key, StringComparer.Ordinal).First().Value!.Value));

    private static (long? Step, double Tokens) Before(IStepHistory history, SortedList<long, double> added, long step)
    {
        var (previous, tokens) = history.StepsBefore(step);
        foreach (var (s, t) in added)
        {
            if (s >= step)
            {
                break;
            }

            previous = previous is { } p ? Math.Max(p, s) : s;
            tokens += t;
        }

        return (previous, tokens);
    }
}

/// <summary>Steps and evaluations derived from one request, new to the run.</summary>
public sealed record MetricTranslation(IReadOnlyList<StepData> Steps, IReadOnlyList<EvaluationData> Evaluations);
