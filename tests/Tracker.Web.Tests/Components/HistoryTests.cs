using Tracker.Contracts.Runs;
using Tracker.Web.Data;
using Tracker.Web.History;
using Tracker.Web.Pages;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Components;

/// <summary>The history views of a run and a study: events in stored order with who/when/where, a type filter, pages.</summary>
public sealed class HistoryTests : DashboardTest
{
    private readonly RunSummaryView _run = Views.Run("r-7B", 7e9);

    private void SeedRun(int steps)
    {
        Data.Events[_run.RunId] =
        [
            Views.Event(1, "RunRegistered", new { runId = _run.RunId, study = "sweep", name = "r-7B" }) with
            {
                Headers = new Dictionary<string, string> { ["client"] = "verl-worker", ["host"] = "gpu-node-3", ["hash"] = "ab" },
            },
            .. Enumerable.Range(2, steps).Select(v => Views.Event(v, v % 10 == 0 ? "EvaluationsRecorded" : "StepsLogged",
                new { summary = true, count = 25, firstStep = ((v - 2) * 25) + 1, lastStep = (v - 1) * 25, datasets = Array.Empty<string>(), lastTime = "2026-11-25T10:00:00+00:00" })),
        ];
    }

    [Fact]
    public void A_runs_history_lists_its_events_with_metadata_and_names_the_run()
    {
        SeedRun(steps: 5);
        var cut = Render<RunHistoryPage>(p => p.Add(r => r.RunId, _run.RunId));

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("#history-table tbody tr").Count), Wait);
        Assert.Equal("History of r-7B", cut.Find("h1").TextContent);
        Assert.Contains("sweep", cut.Find(".crumbs").TextContent, StringComparison.Ordinal);
        var first = cut.FindAll("#history-table tbody tr")[0];
        Assert.Equal("RunRegistered", first.GetAttribute("data-type"));
        Assert.Contains("verl-worker", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("gpu-node-3", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("corr-1", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("tester", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("1970-01-01 00:01:00.000000", first.TextContent, StringComparison.Ordinal); // ingestion time, to the microsecond
        var batch = cut.FindAll("#history-table tbody tr")[1];
        Assert.Contains("25 steps, steps 1–25", batch.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-25 10:00:00 UTC", batch.TextContent, StringComparison.Ordinal); // the job's time
        Assert.DoesNotContain(cut.FindAll("#history-table thead th"), th => th.TextContent == "stream"); // one stream: no stream column
    }

    [Fact]
    public void The_type_filter_shows_only_that_type_and_counts_each_type()
    {
        SeedRun(steps: 30);
        var cut = Render<RunHistoryPage>(p => p.Add(r => r.RunId, _run.RunId));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#history-table tbody tr")), Wait);

        var options = cut.FindAll("#history-type option").Select(o => o.TextContent).ToList();
        Assert.Equal(["all types (31)", "EvaluationsRecorded (3)", "RunRegistered (1)", "StepsLogged (27)"], options);
        cut.Find("#history-type").Change("EvaluationsRecorded");

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#history-table tbody tr").Count), Wait);
        Assert.All(cut.FindAll("#history-table tbody tr"), r => Assert.Equal("EvaluationsRecorded", r.GetAttribute("data-type")));
        Assert.Equal(["EvaluationsRecorded"], Data.HistoryReads.Last().Types);
    }

    [Fact]
    public void Pages_go_forward_and_back_by_version()
    {
        SeedRun(steps: 120);
        var cut = Render<RunHistoryPage>(p => p.Add(r => r.RunId, _run.RunId));
        cut.WaitForAssertion(() => Assert.Equal(HistoryTable.PageSize, cut.FindAll("#history-table tbody tr").Count), Wait);
        Assert.True(cut.Find("#history-prev").HasAttribute("disabled"));

        cut.Find("#history-next").Click();
        cut.WaitForAssertion(() => Assert.Equal("versions 51–100", cut.Find("#history-range").TextContent), Wait);
        cut.Find("#history-next").Click();
        cut.WaitForAssertion(() => Assert.Equal("versions 101–121", cut.Find("#history-range").TextContent), Wait);
        Assert.True(cut.Find("#history-next").HasAttribute("disabled"));
        cut.Find("#history-prev").Click();
        cut.WaitForAssertion(() => Assert.Equal("versions 51–100", cut.Find("#history-range").TextContent), Wait);
        cut.Find("#history-first").Click();
        cut.WaitForAssertion(() => Assert.Equal("versions 1–50", cut.Find("#history-range").TextContent), Wait);
    }

    [Fact]
    public void A_studys_history_merges_its_runs_by_sequence_labels_its_own_stream_and_can_leave_the_runs_out()
    {
        var study = Data.StudyStream("sweep");
        Data.Timelines["sweep"] = new StudyTimeline(study, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), 4);
        Data.StudyHistory["sweep"] =
        [
            Views.Event(1, "StudyCreated", new { name = "sweep" }) with { Sequence = 1, StreamId = study },
            Views.Event(1, "RunRegistered", new { name = "r-7B" }) with { Sequence = 2, StreamId = _run.RunId },
            Views.Event(2, "StepsLogged", new { steps = new[] { new { step = 1 } } }) with { Sequence = 3, StreamId = _run.RunId },
            Views.Event(2, "FitComputed", new { axis = "compute" }) with { Sequence = 4, StreamId = study },
        ];
        var cut = Render<StudyHistoryPage>(p => p.Add(s => s.Study, "sweep"));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("#history-table tbody tr").Count), Wait);
        Assert.Equal(["1", "2", "3", "4"], cut.FindAll("#history-table tbody tr").Select(r => r.GetAttribute("data-sequence")));
        Assert.Equal("study", cut.FindAll("#history-table tbody tr")[0].Children[1].TextContent);
        Assert.Equal(_run.RunId.ToString("N")[..8], cut.FindAll("#history-table tbody tr")[1].Children[1].TextContent);
        Assert.Contains("4 events", cut.Find("#history-span").TextContent, StringComparison.Ordinal);

        cut.Find("#history-runs").Change(false);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#history-table tbody tr").Count), Wait);
        Assert.False(Data.HistoryReads.Last().Scope.IncludeRuns);
    }

    [Fact]
    public void An_unknown_run_says_so()
    {
        var cut = Render<RunHistoryPage>(p => p.Add(r => r.RunId, Guid.NewGuid()));

        cut.WaitForAssertion(() => Assert.Contains("is not registered", cut.Find("#history-missing").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void The_run_and_study_pages_link_to_their_history()
    {
        Data.Pages["sweep"] = Views.Page();
        Data.Runs[_run.RunId] = new RunPageData(_run, null, [], [], []);
        var study = Render<StudyPage>(p => p.Add(s => s.Study, "sweep"));
        var run = Render<RunPage>(p => p.Add(r => r.RunId, _run.RunId));

        study.WaitForAssertion(() => Assert.Equal("/studies/sweep/history", study.Find("#study-history-link").GetAttribute("href")), Wait);
        run.WaitForAssertion(() => Assert.Equal($"/runs/{_run.RunId}/history", run.Find("#run-history-link").GetAttribute("href")), Wait);
    }
}
