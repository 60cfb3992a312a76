using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

public sealed partial class RunDeciderTests
{
    [Fact]
    public void GivenUnknownRun_WhenRecordingEvaluations_ThenNotFound()
    {
        var decision = RunDecider.RecordEvaluations(GivenNoRun(), Evaluations(new EvaluationData(10, "math500", 0.4)));

        ThenRejected(decision, 404, RunId.ToString());
    }

    [Fact]
    public void GivenRegisteredRun_WhenRecordingEvaluationsOfSeveralDatasetsAtOneStep_ThenAllAcceptedAsKeyedByStepAndDataset()
    {
        EvaluationData[] posted =
        [
            new(10, "math500", 0.41, 500),
            new(10, "aime24", 0.05, 30),
            new(20, "math500", 0.47, 500),
        ];

        var decision = RunDecider.RecordEvaluations(GivenRegistered(), Evaluations(posted));

        ThenOk(decision, accepted: 3, duplicates: 0);
        var recorded = Assert.IsType<EvaluationsRecorded>(Assert.Single(decision.Events));
        Assert.Equal(RunId, recorded.RunId);
        Assert.Equal(posted, recorded.Evaluations);
    }

    [Fact]
    public void GivenStoredEvaluations_WhenRepostingThemWithNewOnes_ThenStoredOnesAreDuplicates()
    {
        var ledger = GivenRegistered(new EvaluationsRecorded(RunId, [new(10, "math500", 0.41, 500), new(10, "aime24", 0.05, 30)]));

        var decision = RunDecider.RecordEvaluations(
            ledger,
            Evaluations(new(10, "aime24", 0.05, 30), new(20, "aime24", 0.1, 30), new(10, "math500", 0.41, 500)));

        ThenOk(decision, accepted: 1, duplicates: 2);
        var recorded = Assert.IsType<EvaluationsRecorded>(Assert.Single(decision.Events));
        Assert.Equal([new EvaluationData(20, "aime24", 0.1, 30)], recorded.Evaluations);
    }

    [Fact]
    public void GivenStoredEvaluations_WhenRepostingOnlyThem_ThenOkWithoutEvents()
    {
        var ledger = GivenRegistered(new EvaluationsRecorded(RunId, [new(10, "math500", 0.41)]));

        var decision = RunDecider.RecordEvaluations(ledger, Evaluations(new EvaluationData(10, "math500", 0.41)));

        Assert.Empty(decision.Events);
        ThenOk(decision, accepted: 0, duplicates: 1);
    }

    [Theory]
    [InlineData(0.42, 500)]
    [InlineData(0.41, 499)]
    [InlineData(0.41, null)]
    public void GivenStoredEvaluation_WhenPostingTheSameStepAndDatasetWithOtherValues_ThenConflictNamingDatasetAndStep(double passAt1, int? problems)
    {
        var ledger = GivenRegistered(new EvaluationsRecorded(RunId, [new(10, "math500", 0.41, 500)]));

        var decision = RunDecider.RecordEvaluations(ledger, Evaluations(new(20, "math500", 0.5, 500), new(10, "math500", passAt1, problems)));

        ThenRejected(decision, 409, "'math500'", "step 10");
    }

    [Fact]
    public void GivenRegisteredRun_WhenOneRequestHoldsTheSameEvaluationTwice_ThenTheSecondIsADuplicate()
    {
        var decision = RunDecider.RecordEvaluations(
            GivenRegistered(),
            Evaluations(new(10, "math500", 0.41, 500), new(10, "aime24", 0.05), new(10, "math500", 0.41, 500)));

        ThenOk(decision, accepted: 2, duplicates: 1);
        var recorded = Assert.IsType<EvaluationsRecorded>(Assert.Single(decision.Events));
        Assert.Equal(2, recorded.Evaluations.Count);
    }

    [Fact]
    public void GivenRegisteredRun_WhenOneRequestHoldsConflictingEvaluations_ThenConflictNamingDatasetAndStep()
    {
        var decision = RunDecider.RecordEvaluations(
            GivenRegistered(),
            Evaluations(new(30, "aime24", 0.1), new(30, "math500", 0.5), new(30, "aime24", 0.2)));

        ThenRejected(decision, 409, "'aime24'", "step 30");
    }
}
