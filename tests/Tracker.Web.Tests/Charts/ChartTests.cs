using Tracker.Web.Charts;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Charts;

public sealed class ChartTests
{
    [Fact]
    public void Lttb_keeps_the_ends_and_at_most_the_threshold()
    {
        var x = Enumerable.Range(0, 100_000).Select(i => (double)i).ToList();
        var y = x.Select(v => Math.Sin(v / 1000)).ToList();

        var keep = Downsampler.Lttb(x, y, 500);

        Assert.Equal(500, keep.Length);
        Assert.Equal(0, keep[0]);
        Assert.Equal(99_999, keep[^1]);
        Assert.True(keep.Zip(keep.Skip(1)).All(p => p.First < p.Second));
        Assert.Equal([0, 1, 2], Downsampler.Lttb([1, 2, 3], [1, 2, 3], 500));
    }

    [Fact]
    public void MinMax_keeps_a_single_spike_in_a_million_points()
    {
        var x = Enumerable.Range(0, 1_000_000).Select(i => (double)i).ToList();
        var y = x.Select(v => v == 654_321 ? 100.0 : 1.0).ToList();

        var keep = Downsampler.MinMax(x, y, 2_000);

        Assert.InRange(keep.Length, 100, 2_000);
        Assert.Contains(654_321, keep);
        Assert.Equal(0, keep[0]);
        Assert.Equal(999_999, keep[^1]);
    }

    [Fact]
    public void Loss_chart_joins_the_runs_of_a_size_with_gaps_and_never_ships_a_non_finite_number()
    {
        var runs = new[] { Views.Run("a", 7e9), Views.Run("b", 7e9), Views.Run("c", 72e9) };
        var page = Views.Page(runs: runs, steps: 2_000);

        var plot = LossChart.Build(page, "compute", pointsPerRun: 100);

        var data = plot.Role(PlotParts.DataRole).ToList();
        Assert.Equal(2, data.Count);
        var sevenB = data.Single(d => d.Name == "7B");
        Assert.Equal(201, sevenB.X.Count); // 100 per run + one gap
        Assert.Single(sevenB.X, v => v is null);
        Assert.All(plot.Traces.OfType<Plotly.Blazor.Traces.Scatter>().SelectMany(t => t.Y), v => Assert.True(v is null || double.IsFinite((double)v)));
    }

    [Fact]
    public void Smoothing_is_a_debiased_moving_average()
    {
        Assert.Equal([1.0, 1.0, 1.0], MetricChart.Smooth([1, 1, 1], 0.9));
        Assert.Equal([1.0, 3.0], MetricChart.Smooth([1, 3], 0));
    }

    [Fact]
    public void Sizes_and_quantities_read_the_way_people_write_them()
    {
        Assert.Equal("0.5B", Format.Size(0.5e9));
        Assert.Equal("72B", Format.Size(72e9));
        Assert.Equal("350M", Format.Size(350e6));
        Assert.True(Format.TryParseQuantity("1e21", out var a) && a == 1e21);
        Assert.True(Format.TryParseQuantity(" 3,000,000 ", out var b) && b == 3e6);
        Assert.False(Format.TryParseQuantity("NaN", out _));
    }
}
