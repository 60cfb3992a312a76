using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Tests.Studies;

/// <summary>The study cache keeps whole curves, so it is bounded by what they weigh, not by the study's points: a study
/// of few evaluations over long runs (the soak benchmark: one evaluation per 1,000 steps) must not pin its steps.</summary>
public sealed class StudyDataCacheTests
{
    [Fact]
    public void A_study_whose_curves_exceed_the_limit_is_not_kept_though_its_points_are_few()
    {
        using var cache = new StudyDataCache(limitBytes: 1_000_000);

        cache.Set(Study("long-runs", points: 10, stepsPerRun: 100_000));
        cache.Set(Study("short-runs", points: 10, stepsPerRun: 100));

        Assert.False(cache.TryGet("long-runs", 1, StudySummary.DefaultLossDataset, out _));
        Assert.True(cache.TryGet("short-runs", 1, StudySummary.DefaultLossDataset, out var kept));
        Assert.Equal(10, kept.Points.Count);
    }

    [Fact]
    public void The_estimate_counts_every_step_and_evaluation_of_the_curves()
    {
        var small = StudyDataCache.EstimatedBytes(Study("s", points: 10, stepsPerRun: 100));
        var large = StudyDataCache.EstimatedBytes(Study("s", points: 10, stepsPerRun: 100_100));

        // Two runs, 100,000 more steps each, ≈ 56 bytes per step.
        Assert.Equal(2 * 100_000 * 56L, large - small);
    }

    private static StudyData Study(string name, int points, int stepsPerRun)
    {
        var curves = Enumerable.Range(0, 2).Select(r => new RunCurve
        {
            Id = Guid.NewGuid(),
            Study = name,
            Steps = Enumerable.Range(0, stepsPerRun).Select(s => (long)s).ToList(),
            Compute = Enumerable.Repeat(1.0, stepsPerRun).ToList(),
            ComputeTokens = Enumerable.Repeat<double?>(null, stepsPerRun).ToList(),
            Samples = Enumerable.Repeat(1.0, stepsPerRun).ToList(),
            Reward = Enumerable.Repeat<double?>(0.5, stepsPerRun).ToList(),
            Evaluations = { ["holdout"] = new EvaluationSeries { Steps = [0], PassAt1 = [0.5] } },
            LastSequence = 1,
        }).ToList();
        var view = Enumerable.Range(0, points).Select(i => new ScalingPointView(1e9, curves[0].Id, "r", i, i + 1, i + 1, null, 1.0 / (i + 1), null)).ToList();
        return new StudyData(new StudySummary { Id = name }, curves, view, HighWaterMark: 1);
    }
}
