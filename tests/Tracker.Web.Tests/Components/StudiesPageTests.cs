using Microsoft.AspNetCore.Components;
using Tracker.Web.Data;
using Tracker.Web.Pages;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Components;

public sealed class StudiesPageTests : DashboardTest
{
    [Fact]
    public void Without_studies_it_tells_how_to_post_a_first_run_or_start_the_demo()
    {
        var cut = Render<StudiesPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#empty-studies")), Wait);
        var text = cut.Find("#empty-studies").TextContent;
        Assert.Contains("./ops/up --demo", text, StringComparison.Ordinal);
        Assert.Contains("curl -X POST", text, StringComparison.Ordinal);
        Assert.Contains("/api/v1/runs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_studies_with_sizes_runs_fit_quality_and_open_warnings_and_filters_them()
    {
        Data.Studies.Add(new StudyListItem(Views.Study("base-sweep"), 2, 1, Views.Fit(), 3));
        Data.Studies.Add(new StudyListItem(Views.Study("single", [7e9], 1), 1, 0, Views.FailedFit(), 0));
        var cut = Render<StudiesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#studies tbody tr").Count), Wait);
        var sweep = cut.Find("tr[data-study=base-sweep]").TextContent;
        Assert.Contains("0.5B, 7B, 72B", sweep, StringComparison.Ordinal);
        Assert.Contains("R² 0.995", sweep, StringComparison.Ordinal);
        Assert.Contains("2 running, 1 finished", sweep, StringComparison.Ordinal);
        Assert.Equal("3", cut.Find("tr[data-study=base-sweep] td.warn").TextContent);
        Assert.Contains("no fit: only one model size", cut.Find("tr[data-study=single]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/studies/base-sweep", cut.Find("tr[data-study=base-sweep] a").GetAttribute("href"));

        cut.Find("#study-search").Input("72b");
        Assert.Single(cut.FindAll("#studies tbody tr"));
        cut.Find("#study-search").Input("nothing-like-this");
        Assert.Contains("No study matches", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_anywhere_refreshes_the_list()
    {
        var cut = Render<StudiesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#empty-studies")), Wait);

        Data.Studies.Add(new StudyListItem(Views.Study("new-study"), 1, 0, null, 0));
        await Data.RaiseAsync("new-study");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#studies tbody tr")), Wait);
        Assert.Contains("not fitted yet", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_read_says_so()
    {
        Data.Failure = new InvalidOperationException("database is down");
        var cut = Render<StudiesPage>();

        cut.WaitForAssertion(() => Assert.Contains("database is down", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void Prerendering_shows_the_shell_and_reads_nothing()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Data.Studies.Add(new StudyListItem(Views.Study("s"), 1, 0, null, 0));
        var cut = Render<StudiesPage>();

        Assert.Contains("Loading studies", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, Data.SubscriberCount);
    }
}
