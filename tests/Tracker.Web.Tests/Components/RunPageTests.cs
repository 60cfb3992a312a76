using Tracker.Contracts.Runs;
using Tracker.Web.Components;
using Tracker.Web.Data;
using Tracker.Web.Pages;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Components;

public sealed class RunPageTests : DashboardTest
{
    private readonly RunSummaryView _run = Views.Run("tau100-7B", 7e9, tau: 100, unique: 512);

    private void Seed(int events = 3)
    {
        Data.Runs[_run.RunId] = new RunPageData(
            _run,
            "{\n  \"lr\": 1e-6\n}",
            [Views.Warning(_run, 100)],
            ["reward", "loss", "kl"],
            [new EvaluationSeries("holdout", [1, 2, 3], [0.1, 0.2, 0.25])]);
        Data.Metrics[(_run.RunId, "reward")] = new MetricSeries("reward", 1_000_000, [1, 500_000, 1_000_000], [0.1, 0.5, 0.7]);
        Data.Events[_run.RunId] =
        [
            Views.Event(1, "RunRegistered", new { runId = _run.RunId, study = "sweep" }),
            .. Enumerable.Range(2, events - 1).Select(v => Views.Event(v, "StepsLogged", new { steps = Enumerable.Range(((v - 2) * 25) + 1, 25).Select(s => new { step = s, reward = 0.5 }) })),
        ];
    }

    [Fact]
    public void Shows_identity_configuration_warnings_metrics_evaluations_and_events()
    {
        Seed();
        var cut = Render<RunPage>(p => p.Add(r => r.RunId, _run.RunId));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#run-identity")), Wait);
        Assert.Equal("tau100-7B", cut.Find("h1").TextContent);
        Assert.Equal("100", cut.Find("#run-tau").TextContent);
        Assert.Contains("\"lr\": 1e-6", cut.Find("#run-config").TextContent, StringComparison.Ordinal);
        Assert.Contains("reused its unique prompts 100 times", cut.Find("#run-warnings").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, cut.FindAll(".metric-choice").Count);
        cut.WaitForAssertion(() => Assert.Contains("reward: 3 of 1,000,000 points shown", cut.Find("#metric-points").TextContent, StringComparison.Ordinal), Wait);
        Assert.NotNull(cut.FindComponents<ChartView>().Single(c => c.Instance.Id == "evaluation-chart"));

        var rows = cut.FindAll("#event-table tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal("RunRegistered", rows[0].GetAttribute("data-type"));
        Assert.Contains("25 steps, steps 1–25", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("tester", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_history_pages_forward_and_back()
    {
        Seed(events: 60);
        var cut = Render<RunPage>(p => p.Add(r => r.RunId, _run.RunId));
        cut.WaitForAssertion(() => Assert.Equal(EventTable.PageSize, cut.FindAll("#event-table tbody tr").Count), Wait);

        cut.Find("#events-next").Click();
        cut.WaitForAssertion(() => Assert.Equal("26", cut.FindAll("#event-table tbody tr")[0].Children[0].TextContent), Wait);
        cut.Find("#events-next").Click();
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("#event-table tbody tr").Count), Wait);
        Assert.True(cut.Find("#events-next").HasAttribute("disabled"));
        cut.Find("#events-prev").Click();
        cut.WaitForAssertion(() => Assert.Equal("26", cut.FindAll("#event-table tbody tr")[0].Children[0].TextContent), Wait);
    }

    [Fact]
    public void An_unknown_run_says_so()
    {
        var cut = Render<RunPage>(p => p.Add(r => r.RunId, Guid.NewGuid()));

        cut.WaitForAssertion(() => Assert.Contains("is not registered", cut.Markup, StringComparison.Ordinal), Wait);
    }
}
