using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;

namespace Tracker.Domain.Tests.Runs;

public sealed class RunLedgerTests
{
    private static readonly Guid RunId = Guid.Parse("0b8f7c1e-2d4a-5e6f-8a9b-0c1d2e3f4a5b");
    private static readonly CommandOrigin Origin = new("tests");

    private static readonly RegisterRun Register = new(
        RunId, "study", "llama-70m-run", new ModelSpec("llama"), new TrainingSpec(64, 4, 1_000), null, new Dictionary<string, string>(), Origin);

    private static readonly LogSteps LogSteps = new(
        RunId,
        [
            new StepData(2, Reward: 0.2, Metrics: new Dictionary<string, double> { ["a"] = 1, ["b"] = 2 }),
            new StepData(1, Reward: 0.1),
            new StepData(1, Reward: 0.1), // an in-request duplicate
            new StepData(3),
        ],
        Origin);

    private static readonly RecordEvaluations RecordEvaluations = new(
        RunId, [new EvaluationData(2, "math500", 0.3, 500), new EvaluationData(2, "gsm8k", 0.6)], Origin);

    private static readonly FinishRun Finish = new(RunId, "completed", "done", Origin);

    [Fact]
    public void GivenNewLedger_ThenNothingIsStoredAndTheRunIsRunning()
    {
        var ledger = new RunLedger(RunId);

        Assert.Equal(RunId, ledger.RunId);
        Assert.Null(ledger.Registration);
        Assert.Equal(RunStatus.Running, ledger.Status);
        Assert.Equal(0, ledger.Version);
        Assert.Equal(0, ledger.StepCount);
        Assert.False(ledger.TryGetStep(0, out _));
        Assert.False(ledger.TryGetEvaluation(0, "math500", out _));
    }

    [Fact]
    public void GivenDecidedEventsApplied_WhenDecidingEveryCommandAgain_ThenAllAreDuplicatesAndNothingIsWritten()
    {
        var ledger = new RunLedger(RunId);
        var first = new[]
        {
            Decide(ledger, l => RunDecider.Register(l, Register)),
            Decide(ledger, l => RunDecider.LogSteps(l, LogSteps)),
            Decide(ledger, l => RunDecider.RecordEvaluations(l, RecordEvaluations)),
            Decide(ledger, l => RunDecider.Finish(l, Finish)),
        };
        Assert.Equal([201, 200, 200, 200], first.Select(d => d.Outcome.Status));
        Assert.Equal([1, 3, 2, 1], first.Select(d => d.Outcome.Accepted));
        Assert.Equal([0, 1, 0, 0], first.Select(d => d.Outcome.Duplicates));
        Assert.Equal(4, ledger.Version);

        var again = new[]
        {
            RunDecider.Register(ledger, Register with { Origin = new CommandOrigin("retry") }),
            RunDecider.LogSteps(ledger, LogSteps),
            RunDecider.RecordEvaluations(ledger, RecordEvaluations),
            RunDecider.Finish(ledger, Finish),
        };

        Assert.All(again, d => Assert.Empty(d.Events));
        Assert.Equal(
            [new CommandOutcome(200, 0, 1), new CommandOutcome(200, 0, 4), new CommandOutcome(200, 0, 2), new CommandOutcome(200, 0, 1)],
            again.Select(d => d.Outcome));
    }

    [Fact]
    public void GivenEventsApplied_ThenTheLedgerHoldsTheirFingerprintsAndState()
    {
        var ledger = new RunLedger(RunId);
        var registration = Assert.IsType<RunRegistered>(Assert.Single(RunDecider.Register(ledger, Register).Events));
        var step = new StepData(5, Loss: 0.9, Metrics: new Dictionary<string, double> { ["kl"] = 0.1 });
        var evaluation = new EvaluationData(5, "math500", 0.25, 500);

        ledger.ApplyAll(
            [registration, new StepsLogged(RunId, [step]), new EvaluationsRecorded(RunId, [evaluation]), new RunFinished(RunId, RunStatus.Killed, "preempted")],
            fromVersion: 0);

        Assert.Same(registration, ledger.Registration);
        Assert.Equal(70e6, ledger.Registration!.Model.Parameters);
        Assert.Equal(1, ledger.StepCount);
        Assert.True(ledger.TryGetStep(5, out var stepPrint));
        Assert.Equal(Fingerprint.Of(step), stepPrint);
        Assert.True(ledger.TryGetEvaluation(5, "math500", out var evaluationPrint));
        Assert.Equal(Fingerprint.Of(evaluation), evaluationPrint);
        Assert.False(ledger.TryGetEvaluation(5, "aime24", out _));
        Assert.False(ledger.TryGetEvaluation(6, "math500", out _));
        Assert.Equal(RunStatus.Killed, ledger.Status);
        Assert.Equal(4, ledger.Version);
    }

    [Fact]
    public void GivenALedgerAtSomeVersion_WhenApplyingEvents_ThenVersionCountsEveryEventIncludingOnesItIgnores()
    {
        var ledger = new RunLedger(RunId);
        ledger.Apply(new StudyCreated(Guid.NewGuid(), "study"), 7);
        Assert.Equal(7, ledger.Version);

        ledger.ApplyAll([new StepsLogged(RunId, [new StepData(1)]), new StudyCreated(Guid.NewGuid(), "other"), new StepsLogged(RunId, [new StepData(2)])], ledger.Version);

        Assert.Equal(10, ledger.Version);
        Assert.Equal(2, ledger.StepCount);
    }

    [Fact]
    public void GivenTheSameEventsFoldedTwice_ThenBothLedgersDecideAlike()
    {
        var events = new List<object>();
        var source = new RunLedger(RunId);
        foreach (var decide in new Func<RunLedger, Decision>[] { l => RunDecider.Register(l, Register), l => RunDecider.LogSteps(l, LogSteps) })
        {
            var decision = decide(source);
            source.ApplyAll(decision.Events, source.Version);
            events.AddRange(decision.Events);
        }

        var rebuilt = new RunLedger(RunId);
        rebuilt.ApplyAll(events, 0);
        var conflicting = LogSteps with { Steps = [new StepData(3, Reward: 1)] };

        Assert.Equal(source.Version, rebuilt.Version);
        Assert.Equal(RunDecider.LogSteps(source, LogSteps).Outcome, RunDecider.LogSteps(rebuilt, LogSteps).Outcome);
        Assert.Equal(409, RunDecider.LogSteps(rebuilt, conflicting).Outcome.Status);
    }

    private static Decision Decide(RunLedger ledger, Func<RunLedger, Decision> decide)
    {
        var decision = decide(ledger);
        ledger.ApplyAll(decision.Events, ledger.Version);
        return decision;
    }
}
