using CsCheck;
using Tracker.Domain.Conventions;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Conventions;

/// <summary>Whatever the batching, order and retries of a job's metric requests, each logged step is derived once, and
/// the tokens and prompts of the derived steps add up to what the job consumed.</summary>
public sealed class MetricTranslatorPropertyTests
{
    private const int Batch = 64;

    /// <summary>Logged steps (increasing, from 1), per-step token counts, and the sizes of the consecutive requests.</summary>
    private static readonly Gen<(long[] Steps, double[] Tokens, int[] Requests)> Job =
        from gaps in Gen.Int[1, 12].Array[1, 40]
        from tokens in Gen.Int[0, 1_000_000].Select(t => (double)t).Array[gaps.Length]
        from requests in Gen.Int[1, 6].Array[gaps.Length]
        select (Cumulative(gaps), tokens, requests);

    [Fact]
    public void RunningTokenTotalsLoggedInOrderAddUpToTheFinalTotalAndPromptsToTheLastStepTimesTheBatch()
    {
        Job.Sample(job =>
        {
            var (steps, tokens, requests) = job;
            var totals = Cumulative(tokens);
            var points = steps.Select((s, i) => new[] { MetricPoint.Of("loss", s, s, 0.1), MetricPoint.Of("num_tokens", s, s, totals[i]) }).ToList();
            var history = new FakeStepHistory();
            foreach (var request in Split(points, requests))
            {
                history.Store(MetricTranslator.Translate(request, TrainingConventions.BuiltIn, history, Batch));
                history.Store(MetricTranslator.Translate(request, TrainingConventions.BuiltIn, history, Batch)); // a retry
            }

            Assert.Equal(steps, history.Steps.Select(s => s.Step));
            Assert.Equal(totals[^1], history.Steps.Sum(s => s.Tokens!.Value), 6);
            Assert.Equal(steps[^1] * (double)Batch, history.Steps.Sum(s => s.Samples!.Value));
        });
    }

    [Fact]
    public void PerStepTokensLoggedInAnyOrderAreEachDerivedOnceWithTheirOwnValues()
    {
        Job.Select(Gen.Int, (job, seed) => (job, seed)).Sample(sample =>
        {
            var ((steps, tokens, requests), seed) = sample;
            var random = new Random(seed);
            var points = steps.Select((s, i) => new[] { MetricPoint.Of("critic/rewards/mean", s, s, 0.5), MetricPoint.Of("perf/total_num_tokens", s, s, tokens[i]) })
                .OrderBy(_ => random.Next()).ToList();
            var history = new FakeStepHistory();
            foreach (var request in Split(points, requests))
            {
                history.Store(MetricTranslator.Translate(request, TrainingConventions.BuiltIn, history, Batch));
            }

            Assert.Equal(steps, history.Steps.Select(s => s.Step));
            Assert.Equal(tokens, history.Steps.Select(s => s.Tokens!.Value));
            Assert.All(history.Steps, s => Assert.Null(s.Samples));
        });
    }

    private static List<List<MetricPoint>> Split(List<MetricPoint[]> perStep, int[] sizes)
    {
        var requests = new List<List<MetricPoint>>();
        var at = 0;
        foreach (var size in sizes)
        {
            if (at >= perStep.Count)
            {
                break;
            }

            requests.Add(perStep.Skip(at).Take(size).SelectMany(p => p).ToList());
            at += size;
        }

        if (at < perStep.Count)
        {
            requests.Add(perStep.Skip(at).SelectMany(p => p).ToList());
        }

        return requests;
    }

    private static long[] Cumulative(int[] gaps)
    {
        var result = new long[gaps.Length];
        long total = 0;
        for (var i = 0; i < gaps.Length; i++)
        {
            result[i] = total += gaps[i];
        }

        return result;
    }

    private static double[] Cumulative(double[] values)
    {
        var result = new double[values.Length];
        var total = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = total += values[i];
        }

        return result;
    }
}
