using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

public sealed partial class RunDeciderTests
{
    [Fact]
    public void GivenUnknownRun_WhenLoggingSteps_ThenNotFound()
    {
        var decision = RunDecider.LogSteps(GivenNoRun(), Steps(Step(1)));

        ThenRejected(decision, 404, RunId.ToString());
    }

    [Fact]
    public void GivenRegisteredRun_WhenLoggingNewSteps_ThenAllAcceptedInOneEventInArrivalOrder()
    {
        StepData[] posted = [Step(3), Step(1), Step(2)];

        var decision = RunDecider.LogSteps(GivenRegistered(), Steps(posted));

        ThenOk(decision, accepted: 3, duplicates: 0);
        var logged = Assert.IsType<StepsLogged>(Assert.Single(decision.Events));
        Assert.Equal(RunId, logged.RunId);
        Assert.Equal(posted, logged.Steps);
    }

    [Fact]
    public void GivenStoredSteps_WhenRepostingThemWithNewOnes_ThenStoredOnesAreCountedAsDuplicatesAndOnlyNewOnesStored()
    {
        var ledger = GivenRegistered(new StepsLogged(RunId, [Step(1), Step(2)]));

        var decision = RunDecider.LogSteps(ledger, Steps(Copy(Step(2)), Step(3), Copy(Step(1)), Step(4)));

        ThenOk(decision, accepted: 2, duplicates: 2);
        var logged = Assert.IsType<StepsLogged>(Assert.Single(decision.Events));
        Assert.Equal([3L, 4L], logged.Steps.Select(s => s.Step));
    }

    [Fact]
    public void GivenStoredSteps_WhenRepostingOnlyThem_ThenOkWithoutEvents()
    {
        var ledger = GivenRegistered(new StepsLogged(RunId, [Step(1), Step(2)]), new StepsLogged(RunId, [Step(3)]));

        var decision = RunDecider.LogSteps(ledger, Steps(Copy(Step(3)), Copy(Step(1)), Copy(Step(2))));

        Assert.Empty(decision.Events);
        ThenOk(decision, accepted: 0, duplicates: 3);
    }

    [Fact]
    public void GivenStoredStepWithoutOptionalFields_WhenRetryAgainOmitsThem_ThenDuplicate()
    {
        var ledger = GivenRegistered(new StepsLogged(RunId, [new StepData(7)]));

        var decision = RunDecider.LogSteps(ledger, Steps(new StepData(7)));

        Assert.Empty(decision.Events);
        ThenOk(decision, accepted: 0, duplicates: 1);
    }

    [Theory]
    [InlineData("time")]
    [InlineData("reward")]
    [InlineData("loss")]
    [InlineData("loss omitted")]
    [InlineData("tokens")]
    [InlineData("flops")]
    [InlineData("samples")]
    [InlineData("metric value")]
    [InlineData("metric name")]
    [InlineData("metric added")]
    [InlineData("metrics omitted")]
    public void GivenStoredStep_WhenPostingTheSameStepWithOtherValues_ThenConflictNamingTheStepAndNothingStored(string change)
    {
        var stored = Step(42);
        var other = change switch
        {
            "time" => stored with { Time = stored.Time!.Value.AddMilliseconds(1) },
            "reward" => stored with { Reward = 0.51 },
            "loss" => stored with { Loss = 1.3 },
            "loss omitted" => stored with { Loss = null },
            "tokens" => stored with { Tokens = 1_000_001 },
            "flops" => stored with { Flops = 1e15 },
            "samples" => stored with { Samples = 512 },
            "metric value" => Step(42, metricValue: 0.02),
            "metric name" => Step(42, metric: "kl_loss"),
            "metric added" => stored with { Metrics = new Dictionary<string, double>(stored.Metrics!) { ["lr"] = 1e-6 } },
            "metrics omitted" => stored with { Metrics = null },
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
        var ledger = GivenRegistered(new StepsLogged(RunId, [Step(41), stored]));

        // New steps in the same request are not stored either: a rejected command writes nothing.
        var decision = RunDecider.LogSteps(ledger, Steps(Step(43), other, Step(44)));

        ThenRejected(decision, 409, "step 42 ");
    }

    [Fact]
    public void GivenRegisteredRun_WhenOneRequestHoldsTheSameStepTwice_ThenTheSecondCopyIsADuplicate()
    {
        var decision = RunDecider.LogSteps(GivenRegistered(), Steps(Step(5), Step(6), Copy(Step(5))));

        ThenOk(decision, accepted: 2, duplicates: 1);
        var logged = Assert.IsType<StepsLogged>(Assert.Single(decision.Events));
        Assert.Equal([5L, 6L], logged.Steps.Select(s => s.Step));
    }

    [Fact]
    public void GivenRegisteredRun_WhenOneRequestHoldsConflictingCopiesOfAStep_ThenConflictNamingTheStep()
    {
        var decision = RunDecider.LogSteps(GivenRegistered(), Steps(Step(4), Step(5, reward: 0.1), Step(6), Step(5, reward: 0.2)));

        ThenRejected(decision, 409, "step 5 ");
    }

    [Fact]
    public void GivenStoredSteps_WhenAStepOnlySharesItsValuesWithAnotherStep_ThenItIsNew()
    {
        // Identity is the step number: equal values at another step are a new step, not a duplicate.
        var ledger = GivenRegistered(new StepsLogged(RunId, [new StepData(1, Reward: 0.5)]));

        var decision = RunDecider.LogSteps(ledger, Steps(new StepData(2, Reward: 0.5)));

        ThenOk(decision, accepted: 1, duplicates: 0);
    }

    [Fact]
    public void GivenFinishedRun_WhenRepostingStoredSteps_ThenTheyAreStillDuplicates()
    {
        var ledger = GivenRegistered(new StepsLogged(RunId, [Step(1)]), new RunFinished(RunId, RunStatus.Completed, null));

        var decision = RunDecider.LogSteps(ledger, Steps(Copy(Step(1))));

        Assert.Empty(decision.Events);
        ThenOk(decision, accepted: 0, duplicates: 1);
    }
}
