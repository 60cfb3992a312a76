using Tracker.Web.Charts;
using Tracker.Web.Components;
using Tracker.Web.Data;
using Tracker.Web.History;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Components;

/// <summary>The study page's time slider: a moment between the first and the last event, and the dataset and fit then.</summary>
public sealed class TimeSliderTests : DashboardTest
{
    private static readonly DateTimeOffset First = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private IRenderedComponent<TimeSlider> RenderSlider()
    {
        Data.Timelines["sweep"] = new StudyTimeline(Guid.NewGuid(), First, First.AddHours(10), 5_000);
        return Render<TimeSlider>(p => p.Add(s => s.Study, "sweep"));
    }

    [Fact]
    public void It_starts_at_the_last_event_and_shows_the_span_of_the_history()
    {
        var cut = RenderSlider();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-slider")), Wait);
        Assert.Equal(TimeSlider.Positions.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("#time-slider").GetAttribute("value"));
        Assert.Equal("2026-11-25 20:00:00 UTC", cut.Find("#time-at").TextContent);
        Assert.Contains("5,000 events", cut.Find("#time-travel").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#time-live"));
        Assert.Empty(Data.AsOfReads);
    }

    [Fact]
    public void Moving_it_reads_the_study_as_of_that_moment_and_shows_its_fits_points_and_chart()
    {
        var earlier = Views.Page(runs: [Views.Run("r-0.5B", 0.5e9), Views.Run("r-7B", 7e9)], steps: 10, highWaterMark: 17);
        var recordedAt = First.AddHours(2).AddMinutes(59);
        Data.AsOf = (study, at) => new StudyAsOf(at, earlier, recordedAt, null);
        var cut = RenderSlider();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-slider")), Wait);

        cut.Find("#time-slider").Change("300");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-fits")), Wait);
        var (study, asOf) = Assert.Single(Data.AsOfReads);
        Assert.Equal(("sweep", First.AddHours(3)), (study, asOf));
        Assert.Equal("2026-11-25 13:00:00 UTC", cut.Find("#time-at").TextContent);
        Assert.Contains("2 runs, " + earlier.Dataset.Points.Count + " points", cut.Find("#time-summary").TextContent, StringComparison.Ordinal);
        Assert.Contains("events up to #17", cut.Find("#time-summary").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("#time-fits tbody tr");
        Assert.Contains("as recorded at 2026-11-25 12:59:00 UTC", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("none recorded yet", rows[1].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("0.1330 [", cut.Find("#time-fits .time-kmax").TextContent, StringComparison.Ordinal);
        var chart = cut.FindComponents<ChartView>().Single(c => c.Instance.Id == "time-chart").Instance.Plot;
        Assert.Equal(2, chart.Role(PlotParts.DataRole).Count());

        cut.Find("#time-axis").Change(Axes.Data);
        cut.Find("#time-now").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-live")), Wait);
        Assert.Empty(cut.FindAll("#time-fits"));
    }

    [Fact]
    public void A_typed_moment_is_read_to_the_millisecond_and_moves_the_slider()
    {
        Data.AsOf = (_, at) => new StudyAsOf(at, Views.Page(), null, null);
        var cut = RenderSlider();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-input")), Wait);

        cut.Find("#time-input").Change("2026-11-25T12:30:00.250");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-fits")), Wait);
        Assert.Equal(First.AddHours(2.5).AddMilliseconds(250), Assert.Single(Data.AsOfReads).At);
        Assert.Equal("250", cut.Find("#time-slider").GetAttribute("value"));
        Assert.Equal("2026-11-25T12:30:00.250", cut.Find("#time-input").GetAttribute("value"));
    }

    [Fact]
    public void A_moment_before_the_study_existed_says_so()
    {
        var cut = RenderSlider();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-slider")), Wait);

        cut.Find("#time-slider").Change("0");

        cut.WaitForAssertion(() => Assert.Contains("did not exist yet", cut.Find("#time-travel .error").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void The_study_page_carries_the_slider()
    {
        Data.Pages["sweep"] = Views.Page();
        Data.Timelines["sweep"] = new StudyTimeline(Guid.NewGuid(), First, First.AddHours(1), 10);
        var cut = Render<Tracker.Web.Pages.StudyPage>(p => p.Add(s => s.Study, "sweep"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#time-travel #time-slider")), Wait);
    }
}
