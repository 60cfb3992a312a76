using Tracker.Contracts.Runs;
using Tracker.Scaling;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>Posts a synthetic sweep (points on the compute axis) through the HTTP API as training jobs would:
/// registration, steps carrying tokens so that the server derives C = Σ 6·N·tokens, and held-out evaluations.</summary>
public static class SweepPoster
{
    public const int BatchSize = 512;

    public static async Task<Dictionary<string, Guid>> PostAsync(Api api, string study, IReadOnlyList<ScalingPoint> points, Random? shuffle = null, Func<string, long?>? uniqueSamples = null, int stepsPerBatch = 25)
    {
        var runs = new Dictionary<string, Guid>();
        foreach (var run in points.GroupBy(p => p.RunId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            runs[run.Key] = (await api.RegisterAsync(study, run.Key, parameters: run.First().N, batchSize: BatchSize, uniqueSamples: uniqueSamples?.Invoke(run.Key))).RunId;
        }

        var posts = new List<Func<Task>>();
        foreach (var run in points.GroupBy(p => p.RunId))
        {
            var ordered = run.OrderBy(p => p.Step).ToList();
            var n = ordered[0].N;
            var steps = new List<StepData>();
            for (var i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Step == 0)
                {
                    continue;
                }

                var previous = i > 0 && ordered[i - 1].Step == ordered[i].Step - 1 ? ordered[i - 1].X : double.NaN;
                var tokens = double.IsNaN(previous) || ordered[i].Step == 1 ? ordered[i].X / (6 * n) : (ordered[i].X - previous) / (6 * n);
                steps.Add(new StepData(ordered[i].Step, Reward: ordered[i].Reward, Tokens: tokens));
            }

            var evaluations = ordered.Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)).ToList();
            var id = runs[run.Key];
            posts.AddRange(steps.Chunk(stepsPerBatch).Select(batch => (Func<Task>)(() => api.LogStepsAsync(id, batch))));
            posts.AddRange(evaluations.Chunk(stepsPerBatch).Select(batch => (Func<Task>)(() => api.RecordEvaluationsAsync(id, batch))));
        }

        if (shuffle is not null)
        {
            posts = posts.OrderBy(_ => shuffle.Next()).ToList();
        }

        foreach (var post in posts)
        {
            await post();
        }

        return runs;
    }
}
