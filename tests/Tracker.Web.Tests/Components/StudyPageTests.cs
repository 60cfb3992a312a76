using Tracker.Contracts.Studies;
using Tracker.Web.Charts;
using Tracker.Web.Components;
using Tracker.Web.Pages;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Components;

public sealed class StudyPageTests : DashboardTest
{
    private IRenderedComponent<StudyPage> RenderStudy(string study = "sweep") =>
        Render<StudyPage>(p => p.Add(s => s.Study, study));

    private static Plot LossPlot(IRenderedComponent<StudyPage> cut) =>
        cut.FindComponents<ChartView>().Single(c => c.Instance.Id == "loss-chart").Instance.Plot;

    [Fact]
    public void A_fit_shows_its_parameters_one_trace_per_size_and_a_dashed_law_per_size_on_log_axes()
    {
        Data.Pages["sweep"] = Views.Page();
        var cut = RenderStudy();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#fit-compute")), Wait);
        Assert.Equal("true", cut.Find("#fit-compute").GetAttribute("data-succeeded"));
        Assert.StartsWith("0.1330 [", cut.Find("#fit-kmax").TextContent, StringComparison.Ordinal);
        Assert.Equal("0.9950", cut.Find("#fit-r2").TextContent);

        var plot = LossPlot(cut);
        Assert.Equal(3, plot.Role(PlotParts.DataRole).Count());
        var fits = plot.Role(PlotParts.FitRole).ToList();
        Assert.Equal(3, fits.Count);
        Assert.All(fits, f => Assert.Equal("dash", f.Line.Dash));
        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log, plot.Layout.XAxis[0].Type);
        Assert.Equal(Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log, plot.Layout.YAxis[0].Type);
        // Each size keeps one colour across its data and its law.
        foreach (var data in plot.Role(PlotParts.DataRole))
        {
            Assert.Equal(data.Line.Color, fits.Single(f => f.Name == data.Name + " fit").Line.Color);
        }

        Assert.NotNull(cut.FindComponents<ChartView>().SingleOrDefault(c => c.Instance.Id == "k-chart"));
        Assert.Contains("50% of K", cut.Find("#saturation").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loss_chart_and_fit_show_before_the_slower_saturation_and_forecasts()
    {
        var gate = new TaskCompletionSource();
        Data.AnalysisGate = gate.Task;
        Data.Pages["sweep"] = Views.Page();
        var cut = RenderStudy();

        cut.WaitForAssertion(() => Assert.Contains("Computing the saturation of k(N)", cut.Find("#saturation").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(3, LossPlot(cut).Role(PlotParts.DataRole).Count());
        Assert.Contains("Computing forecasts", cut.Find("#forecasts").TextContent, StringComparison.Ordinal);

        gate.SetResult();
        cut.WaitForAssertion(() => Assert.NotNull(cut.FindComponents<ChartView>().SingleOrDefault(c => c.Instance.Id == "k-chart")), Wait);
        Assert.Contains("No running run has enough evaluations", cut.Find("#forecasts").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_fit_says_why_and_draws_no_law()
    {
        Data.Pages["sweep"] = Views.Page(runs: [Views.Run("only", 7e9)], fitted: false);
        var cut = RenderStudy();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#fit-compute")), Wait);
        Assert.Equal("false", cut.Find("#fit-compute").GetAttribute("data-succeeded"));
        Assert.Contains("only one model size: k(N) needs at least two", cut.Find("#fit-compute").TextContent, StringComparison.Ordinal);
        Assert.Empty(LossPlot(cut).Role(PlotParts.FitRole));
        Assert.Single(LossPlot(cut).Role(PlotParts.DataRole));
        Assert.Contains("No saturation curve: needs three sizes", cut.Find("#saturation").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindComponents<ChartView>(), c => c.Instance.Id == "k-chart");
    }

    [Fact]
    public void A_study_without_evaluations_says_what_to_post()
    {
        Data.Pages["sweep"] = Views.Page(runs: [Views.Run("r", 7e9)], fitted: false, steps: 0);
        var cut = RenderStudy();

        cut.WaitForAssertion(() => Assert.Contains("No evaluations yet", cut.Markup, StringComparison.Ordinal), Wait);
        Assert.Contains("/api/v1/runs/{runId}/evaluations", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindComponents<ChartView>(), c => c.Instance.Id == "loss-chart");
    }

    [Fact]
    public void An_unknown_study_says_so()
    {
        var cut = RenderStudy("nope");

        cut.WaitForAssertion(() => Assert.Contains("There is no study named", cut.Markup, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void Warnings_show_their_evidence_and_when_they_were_raised_and_cleared_ones_on_request()
    {
        var over = Views.Run("tau100-7B", 7e9, tau: 100, unique: 512);
        var old = Views.Run("tau50-7B", 7e9, tau: 50, unique: 1024);
        var warnings = new List<WarningView> { Views.Warning(over, 100), Views.Warning(old, 50, cleared: DateTimeOffset.UnixEpoch.AddHours(5)) };
        Data.Pages["sweep"] = Views.Page(runs: [over, old, Views.Run("tau1-7B", 7e9, tau: 1, unique: 51200)], warnings: warnings);
        var cut = RenderStudy();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#reuse-warnings")), Wait);
        var open = cut.FindAll("#reuse-warnings li.warning");
        var warning = Assert.Single(open);
        Assert.Contains("tau100-7B has reused its unique prompts 100 times", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("tau", warning.QuerySelector("dl.evidence")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1970-01-01 03:00:00 UTC", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 open", cut.Find("#reuse-warnings h2").TextContent, StringComparison.Ordinal);
        Assert.Equal("100", cut.Find("#reuse-runs tr[data-run=tau100-7B] td.tau").TextContent);

        cut.Find("#reuse-warnings input[type=checkbox]").Change(true);
        Assert.Equal(2, cut.FindAll("#reuse-warnings li.warning").Count);
        Assert.Contains("cleared", cut.FindAll("#reuse-warnings li.warning")[1].ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_notification_re_reads_and_redraws_without_reloading()
    {
        Data.Pages["sweep"] = Views.Page(steps: 10);
        var cut = RenderStudy();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("#live-indicator").GetAttribute("data-updates")), Wait);
        var before = LossPlot(cut);
        Assert.Contains("live", cut.Find("#live-indicator").TextContent, StringComparison.Ordinal);

        Data.Pages["sweep"] = Views.Page(steps: 20, highWaterMark: 43);
        // A burst of notifications is coalesced: one re-read per 250 ms window it spans, not one per notification.
        var burst = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Data.RaiseAsync("sweep")));
        var windows = 1 + (int)(burst.ElapsedMilliseconds / 250);

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("#live-indicator").GetAttribute("data-updates")), Wait);
        Assert.NotSame(before, LossPlot(cut));
        cut.WaitForAssertion(() => Assert.Contains(JSInterop.Invocations, i => i.Identifier == "react"), Wait);

        // Another study's change is not this page's business (once the coalesced re-read of the burst is done).
        await Task.Delay(400);
        var reads = Data.StudyReads;
        Assert.InRange(reads, 2, 3 + windows); // + one look-again when a re-read races the last notification
        await Data.RaiseAsync("other");
        await Task.Delay(400);
        Assert.Equal(reads, Data.StudyReads);
    }

    [Fact]
    public void The_same_data_again_is_not_redrawn()
    {
        Data.Pages["sweep"] = Views.Page();
        var cut = RenderStudy();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("#live-indicator").GetAttribute("data-updates")), Wait);
        var before = LossPlot(cut);

        _ = Data.RaiseAsync("sweep", Tracker.Contracts.Notifications.StudyChanged.FitComputed);

        cut.WaitForAssertion(() => Assert.Equal(2, Data.StudyReads), Wait);
        cut.WaitForAssertion(() => Assert.Contains("live", cut.Find("#live-indicator").TextContent, StringComparison.Ordinal), Wait);
        Assert.Same(before, LossPlot(cut));
    }

    [Fact]
    public void The_data_tab_draws_loss_against_prompts()
    {
        Data.Pages["sweep"] = Views.Page();
        var cut = RenderStudy();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#tab-data")), Wait);

        cut.Find("#tab-data").Click();

        Assert.Equal("data", cut.Find("#axis-panel").GetAttribute("data-axis"));
        Assert.Equal("true", cut.Find("#tab-data").GetAttribute("aria-selected"));
        Assert.Equal("D (prompts consumed)", LossPlot(cut).Layout.XAxis[0].Title.Text);
        Assert.NotNull(cut.Find("#fit-data"));
    }

    [Fact]
    public void The_planner_answers_for_a_budget_and_marks_extrapolation()
    {
        Data.Pages["sweep"] = Views.Page();
        Data.Plan = (_, budget) => new PlanView("compute", budget, new PlanCandidateView(7e9, 0.5, true, 1e19, 1e21), new PlanCandidateView(72e9, 0.45, false, 1e20, 1e21), true,
            [new(0.5e9, 0.7, true, 1e18, 1e20), new(7e9, 0.5, true, 1e19, 1e21), new(72e9, 0.45, false, 1e20, 1e21)], null);
        var cut = RenderStudy();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#plan-budget")), Wait);

        cut.Find("#plan-budget").Change("3e22");
        cut.Find("#planner form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Train 72B", cut.Find("#plan-best").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("L = 0.4500 at C = 3.00e22", cut.Find("#plan-best").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#plan-extrapolation"));
        Assert.Contains("Best within trained ranges: 7B", cut.Find("#plan-result").TextContent, StringComparison.Ordinal);

        cut.Find("#plan-budget").Change("lots");
        cut.Find("#planner form").Submit();
        Assert.Contains("Enter a positive number of FLOPs", cut.Find("#plan-result").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_crossover_picker_shows_where_the_larger_size_wins()
    {
        Data.Pages["sweep"] = Views.Page();
        Data.Crossover = (_, a, b) => new CrossoverView("compute", a, b, true, 1.86e19, 0.52, a, b, true, null);
        var cut = RenderStudy();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#crossover-submit")), Wait);

        cut.Find("#crossover form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("C* = 1.86e19", cut.Find("#crossover-result").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("Below it 7B reaches the lower loss; above it 72B", cut.Find("#crossover-result").TextContent, StringComparison.Ordinal);
    }
}
