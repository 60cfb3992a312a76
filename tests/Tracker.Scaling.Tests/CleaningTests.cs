using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Tests;

public class CleaningTests
{
    private static ScalingPoint P(string run, int step, double l, double n = 1e9, double? x = null) => new(run, n, step, x ?? (step * 512.0), l);

    [Fact]
    public void Invalid_points_are_excluded_with_reasons()
    {
        var pts = new[]
        {
            P("a", 0, 0.9, x: 0), P("a", 1, 0.9), P("a", 2, 0), P("a", 3, 1), P("a", 4, double.NaN), P("a", 5, 0.8, x: -1),
            P("a", 6, 0.8, n: -5), new ScalingPoint("a", 1e9, -1, 5, 0.5), P("a", 7, 0.85),
        };
        var c = PointCleaner.Clean(pts);
        Assert.Equal(2, c.Count);
        var reasons = c.Excluded.Select(e => e.Reason).Order().ToArray();
        Assert.Equal(
            new[] { ExclusionReason.NonFinite, ExclusionReason.NonPositiveSize, ExclusionReason.NegativeStep, ExclusionReason.StepZero,
                    ExclusionReason.NonPositiveX, ExclusionReason.LossNotAboveZero, ExclusionReason.LossNotBelowOne }.Order(),
            reasons);
        Assert.All(c.Excluded, e => Assert.False(string.IsNullOrWhiteSpace(e.Detail)));
    }

    [Fact]
    public void Runs_are_averaged_per_size_and_step_or_kept_apart()
    {
        var pts = new[] { P("r1", 1, 0.8), P("r2", 1, 0.6), P("r1", 2, 0.7), P("r2", 2, 0.5), P("r3", 2, 0.6) };
        var avg = PointCleaner.Clean(pts);
        Assert.Equal(2, avg.Count);
        Assert.Equal(0.7, avg.Points[0].L, 12);
        Assert.Equal(2, avg.Points[0].Runs);
        Assert.Equal(Math.Sqrt(0.02), avg.Points[0].LStd, 12);
        Assert.Equal("r1+r2+r3", avg.Points[1].RunId);

        var apart = PointCleaner.Clean(pts, new CleaningOptions { AverageRuns = false });
        Assert.Equal(5, apart.Count);
    }

    [Fact]
    public void Duplicate_rows_of_a_run_are_merged_and_reported()
    {
        var c = PointCleaner.Clean([P("a", 1, 0.8), P("a", 1, 0.6), P("a", 2, 0.5)]);
        Assert.Equal(2, c.Count);
        Assert.Equal(0.7, c.Points[0].L, 12);
        Assert.Single(c.Excluded, e => e.Reason == ExclusionReason.Duplicate);
    }

    [Fact]
    public void Clipping_by_rows_and_by_step_range()
    {
        var pts = Enumerable.Range(1, 20).Select(s => P("a", s, 0.9 - (s * 0.01))).ToArray();
        var rows = PointCleaner.Clean(pts, new CleaningOptions { WarmupClipRows = 4, EndingClipRows = 3 });
        Assert.Equal(13, rows.Count);
        Assert.Equal(5, rows.Points[0].Step);
        Assert.Equal(17, rows.Points[^1].Step);
        Assert.Equal(4, rows.Excluded.Count(e => e.Reason == ExclusionReason.WarmupClip));
        Assert.Equal(3, rows.Excluded.Count(e => e.Reason == ExclusionReason.EndingClip));

        var range = PointCleaner.Clean(pts, new CleaningOptions { MinStep = 10, MaxStep = 15 });
        Assert.Equal(6, range.Count);
        Assert.Equal(14, range.Excluded.Count(e => e.Reason == ExclusionReason.OutsideStepRange));
    }

    [Fact]
    public void Row_clipping_applies_per_run_when_runs_are_kept_apart()
    {
        var pts = new[] { "a", "b" }.SelectMany(r => Enumerable.Range(1, 10).Select(s => P(r, s, 0.8))).ToArray();
        var c = PointCleaner.Clean(pts, new CleaningOptions { AverageRuns = false, WarmupClipRows = 2 });
        Assert.Equal(16, c.Count);
        Assert.All(c.Points, p => Assert.True(p.Step > 2));
    }
}
