using Tracker.Contracts.Messaging;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

public sealed partial class RunDeciderTests
{
    [Fact]
    public void GivenUnknownRun_WhenFinishing_ThenNotFound()
    {
        var decision = RunDecider.Finish(GivenNoRun(), Finish("completed"));

        ThenRejected(decision, 404, RunId.ToString());
    }

    [Theory]
    [InlineData("completed", RunStatus.Completed)]
    [InlineData("failed", RunStatus.Failed)]
    [InlineData("killed", RunStatus.Killed)]
    [InlineData("Completed", RunStatus.Completed)]
    [InlineData("KILLED", RunStatus.Killed)]
    public void GivenRunningRun_WhenFinishing_ThenRunFinishedWithTheStatusAndReason(string status, RunStatus expected)
    {
        var decision = RunDecider.Finish(GivenRegistered(), Finish(status, "budget reached"));

        Assert.Equal(new CommandOutcome(200, 1, 0), decision.Outcome);
        Assert.Equal(new RunFinished(RunId, expected, "budget reached"), Assert.Single(decision.Events));
    }

    [Fact]
    public void GivenFinishedRun_WhenFinishingAgainWithTheSameStatus_ThenNoOp()
    {
        var ledger = GivenRegistered(new RunFinished(RunId, RunStatus.Failed, "OOM"));

        var decision = RunDecider.Finish(ledger, Finish("failed", "OOM at step 812"));

        Assert.Empty(decision.Events);
        ThenOk(decision, accepted: 0, duplicates: 1);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("killed")]
    public void GivenFinishedRun_WhenFinishingWithAnotherStatus_ThenConflictNamingTheStoredStatus(string status)
    {
        var ledger = GivenRegistered(new RunFinished(RunId, RunStatus.Failed, "OOM"));

        var decision = RunDecider.Finish(ledger, Finish(status));

        ThenRejected(decision, 409, RunId.ToString(), "already finished as failed");
    }

    [Theory]
    [InlineData("running")]
    [InlineData("Running")]
    [InlineData("done")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("completed,failed")] // Enum.TryParse ORs flag lists: Completed|Failed == Killed
    [InlineData("Completed, Failed")]
    [InlineData("completed,running")]
    [InlineData("1,2")]
    public void GivenRunningRun_WhenFinishingWithAnInvalidStatus_ThenBadRequestQuotingIt(string status)
    {
        var decision = RunDecider.Finish(GivenRegistered(), Finish(status));

        ThenRejected(decision, 400, $"'{status}'");
        Assert.False(RunDecider.TryParseFinalStatus(status, out _));
    }

    [Fact]
    public void GivenFinishedRun_WhenFinishingWithAnInvalidStatus_ThenBadRequest()
    {
        var ledger = GivenRegistered(new RunFinished(RunId, RunStatus.Killed, null));

        ThenRejected(RunDecider.Finish(ledger, Finish("running")), 400, "'running'");
    }

    [Fact]
    public void GivenNoStatus_WhenParsing_ThenInvalid() => Assert.False(RunDecider.TryParseFinalStatus(null, out _));
}
