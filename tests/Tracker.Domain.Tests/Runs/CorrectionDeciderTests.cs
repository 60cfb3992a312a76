using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Tests.Runs;

/// <summary>Given/When/Then tests of <see cref="CorrectionDecider"/> and the ledger state corrections fold into.</summary>
public sealed class CorrectionDeciderTests
{
    private static readonly Guid RunId = Guid.Parse("0b7a3c9e-5d1f-4a8b-9c2d-3e4f5a6b7c8d");
    private static readonly CommandOrigin Auditor = new("curl/8", "10.0.0.7", "carol", "corr-9");

    private static RunRegistered Registered(double? n = 7e9) => new(
        RunId, "rl-scaling", "r", new ModelSpec("Qwen2.5", n, null), new TrainingSpec(512, 8, null), null, new Dictionary<string, string>(), Auditor);

    private static RunLedger Given(params object[] events)
    {
        var ledger = new RunLedger(RunId);
        ledger.ApplyAll(events, 0);
        return ledger;
    }

    private static RunLedger GivenEvaluated(params object[] more) =>
        Given([Registered(), new EvaluationsRecorded(RunId, [new EvaluationData(10, "holdout", 0.4, 500)]), .. more]);

    private static InvalidateEvaluation Invalidate(long step = 10, string dataset = "holdout") => new(RunId, step, dataset, "grader bug", Auditor);

    [Fact]
    public void GivenUnknownRun_WhenCorrecting_ThenNotFoundForEveryCorrection()
    {
        Assert.Equal(404, CorrectionDecider.InvalidateEvaluation(Given(), Invalidate()).Outcome.Status);
        Assert.Equal(404, CorrectionDecider.Exclude(Given(), new ExcludeRunFromFits(RunId, "x", Auditor)).Outcome.Status);
        Assert.Equal(404, CorrectionDecider.Reinclude(Given(), new ReincludeRunInFits(RunId, "x", Auditor)).Outcome.Status);
        Assert.Equal(404, CorrectionDecider.CorrectModelSize(Given(), new CorrectModelSize(RunId, 3e9, "x", Auditor)).Outcome.Status);
    }

    [Fact]
    public void GivenStoredEvaluation_WhenInvalidating_ThenEventWithReasonAndAuthor()
    {
        var decision = CorrectionDecider.InvalidateEvaluation(GivenEvaluated(), Invalidate());

        Assert.Equal(new CommandOutcome(200, 1, 0), decision.Outcome);
        Assert.Equal(new EvaluationInvalidated(RunId, 10, "holdout", "grader bug", "carol"), Assert.Single(decision.Events));
    }

    [Theory]
    [InlineData(11, "holdout")]
    [InlineData(10, "math500")]
    public void GivenStoredEvaluation_WhenInvalidatingAnotherStepOrDataset_ThenNotFoundNamingIt(long step, string dataset)
    {
        var decision = CorrectionDecider.InvalidateEvaluation(GivenEvaluated(), Invalidate(step, dataset));

        Assert.Empty(decision.Events);
        Assert.Equal(404, decision.Outcome.Status);
        Assert.Contains($"dataset '{dataset}' at step {step}", decision.Outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenInvalidatedEvaluation_WhenInvalidatingAgain_ThenDuplicateWithoutEvents()
    {
        var ledger = GivenEvaluated(new EvaluationInvalidated(RunId, 10, "holdout", "grader bug", "carol"));

        var decision = CorrectionDecider.InvalidateEvaluation(ledger, Invalidate() with { Reason = "another reason" });

        Assert.Empty(decision.Events);
        Assert.Equal(new CommandOutcome(200, 0, 1), decision.Outcome);
    }

    [Fact]
    public void GivenIncludedRun_WhenExcludingTwiceThenReincludingTwice_ThenOneEventEachWay()
    {
        var ledger = Given(Registered());
        Assert.False(ledger.ExcludedFromFits);

        var exclude = CorrectionDecider.Exclude(ledger, new ExcludeRunFromFits(RunId, "outlier: diverged", Auditor));
        Assert.Equal(new RunExcludedFromFits(RunId, "outlier: diverged", "carol"), Assert.Single(exclude.Events));
        ledger.ApplyAll(exclude.Events, ledger.Version);
        Assert.True(ledger.ExcludedFromFits);
        Assert.Empty(CorrectionDecider.Exclude(ledger, new ExcludeRunFromFits(RunId, "outlier: diverged", Auditor)).Events);

        var include = CorrectionDecider.Reinclude(ledger, new ReincludeRunInFits(RunId, "rerun confirmed it", Auditor));
        Assert.Equal(new RunReincluded(RunId, "rerun confirmed it", "carol"), Assert.Single(include.Events));
        ledger.ApplyAll(include.Events, ledger.Version);
        Assert.False(ledger.ExcludedFromFits);
        Assert.Equal(new CommandOutcome(200, 0, 1), CorrectionDecider.Reinclude(ledger, new ReincludeRunInFits(RunId, "again", Auditor)).Outcome);
    }

    [Fact]
    public void GivenNeverExcludedRun_WhenReincluding_ThenNothingToRecord()
    {
        var decision = CorrectionDecider.Reinclude(Given(Registered()), new ReincludeRunInFits(RunId, "just in case", Auditor));

        Assert.Empty(decision.Events);
        Assert.Equal(new CommandOutcome(200, 0, 1), decision.Outcome);
    }

    [Fact]
    public void GivenRegisteredN_WhenCorrectingIt_ThenEventCarriesOldAndNewN_AndLedgerKeepsTheRegistration()
    {
        var ledger = Given(Registered(7e9));

        var decision = CorrectionDecider.CorrectModelSize(ledger, new CorrectModelSize(RunId, 3e9, "registered the 7B name for a 3B job", Auditor));

        Assert.Equal(new ModelSizeCorrected(RunId, 7e9, 3e9, "registered the 7B name for a 3B job", "carol"), Assert.Single(decision.Events));
        ledger.ApplyAll(decision.Events, ledger.Version);
        Assert.Equal(3e9, ledger.ModelSize);
        // A retried registration with the original body is still the same registration, not a conflict.
        Assert.Equal(7e9, ledger.Registration!.Model.Parameters);
        Assert.Equal(new CommandOutcome(200, 0, 1), CorrectionDecider.CorrectModelSize(ledger, new CorrectModelSize(RunId, 3e9, "again", Auditor)).Outcome);
    }

    [Fact]
    public void GivenRunWithoutN_WhenCorrectingIt_ThenFromIsNull()
    {
        var decision = CorrectionDecider.CorrectModelSize(Given(Registered(null)), new CorrectModelSize(RunId, 1.5e9, "family not recognised", Auditor));

        Assert.Equal(new ModelSizeCorrected(RunId, null, 1.5e9, "family not recognised", "carol"), Assert.Single(decision.Events));
    }

    [Fact]
    public void GivenNDerivedFromTrackingClientParams_WhenCorrecting_ThenFromIsTheDerivedN()
    {
        var ledger = Given(Registered(null), new RunSpecDerived(RunId, new ModelSpec("Qwen2.5", 7e9, null), new TrainingSpec(512, 8, null), ["model.path"]));

        var decision = CorrectionDecider.CorrectModelSize(ledger, new CorrectModelSize(RunId, 3e9, "the model path named the wrong checkpoint", Auditor));

        Assert.Equal(7e9, Assert.IsType<ModelSizeCorrected>(Assert.Single(decision.Events)).From);
    }

    [Theory]
    [InlineData(null, "reason", "is required")]
    [InlineData("", "reason", "is required")]
    [InlineData("   ", "reason", "is required")]
    [InlineData("a\u0001b", "reason", "control characters")]
    public void WhenReasonIsMissingOrMalformed_ThenItIsNamed(string? reason, string field, string message)
    {
        var error = Assert.Single(CorrectionValidator.Reason(reason));

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenReasonIsTooLong_ThenRejected_AndLineBreaksAreFine()
    {
        Assert.Contains("at most 2000", Assert.Single(CorrectionValidator.Reason(new string('x', 2001))).Message, StringComparison.Ordinal);
        Assert.Empty(CorrectionValidator.Reason("line one\nline two\twith a tab"));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData(0.0, "positive")]
    [InlineData(-7e9, "positive")]
    [InlineData(double.NaN, "positive")]
    [InlineData(2e15, "positive")]
    public void WhenParametersAreMissingOrImpossible_ThenRejected(double? parameters, string message)
    {
        var error = Assert.Single(CorrectionValidator.ModelSize(parameters, "typo"));

        Assert.Equal("parameters", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenEvaluationFieldsAreMissing_ThenEveryOneIsNamed()
    {
        var errors = CorrectionValidator.Evaluation(null, null, null);

        Assert.Equal(["step", "dataset", "reason"], errors.Select(e => e.Field));
        Assert.Equal("step", Assert.Single(CorrectionValidator.Evaluation(-1, "holdout", "x")).Field);
    }
}
