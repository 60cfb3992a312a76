using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Tests.Validation;

public sealed class RunInputValidatorTests
{
    private static readonly RegisterRun ValidRegistration = new(
        Guid.Parse("1668db6b-8b57-51a2-9bd5-6f71bb501def"),
        "rl-scaling",
        "qwen2.5-7b-grpo-seed1",
        new ModelSpec("Qwen2.5", 7e9, "Instruct"),
        new TrainingSpec(256, 8, 7_500),
        null,
        new Dictionary<string, string> { ["algo"] = "grpo" },
        new CommandOrigin("tests"));

    private static StepData ValidStep(long step) =>
        new(step, DateTimeOffset.UnixEpoch, 0.5, 1.2, 1e6, 6e15, 256, new Dictionary<string, double> { ["kl"] = 0.01, ["x"] = 1 });

    private static List<StepData> ValidSteps(int count = 3) => [.. Enumerable.Range(0, count).Select(i => ValidStep(i))];

    private static List<EvaluationData> ValidEvaluations() => [new(0, "math500", 0.4, 500), new(10, "aime24", 0, null), new(20, "aime24", 1, 30)];

    /// <summary>The single error, asserting it names exactly <paramref name="field"/>.</summary>
    private static ValidationError SingleError(List<ValidationError> errors, string field)
    {
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    [Fact]
    public void GivenValidInput_ThenNoErrors()
    {
        Assert.Empty(RunInputValidator.Validate(ValidRegistration));
        Assert.Empty(RunInputValidator.Validate(ValidRegistration with { Model = new ModelSpec(), Training = new TrainingSpec(), Tags = new Dictionary<string, string>() }));
        Assert.Empty(RunInputValidator.Validate(ValidSteps()));
        Assert.Empty(RunInputValidator.Validate([new StepData(0)]));
        Assert.Empty(RunInputValidator.Validate(ValidEvaluations()));
    }

    // ---- registration ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenAMissingStudyOrName_ThenRequiredErrorOnThatField(string? value)
    {
        SingleError(RunInputValidator.Validate(ValidRegistration with { Study = value! }), "study");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Name = value! }), "name");
    }

    [Fact]
    public void GivenNamesOverTheLengthLimit_ThenErrorOnThatField()
    {
        var tooLong = new string('a', Limits.MaxNameLength + 1);
        var longest = new string('a', Limits.MaxNameLength);

        Assert.Empty(RunInputValidator.Validate(ValidRegistration with { Name = longest }));
        SingleError(RunInputValidator.Validate(ValidRegistration with { Study = tooLong }), "study");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Name = tooLong }), "name");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Model = new ModelSpec(Family: tooLong) }), "model.family");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Model = new ModelSpec(Variant: tooLong) }), "model.variant");
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    public void GivenControlCharactersInNames_ThenErrorOnThatField(string value)
    {
        SingleError(RunInputValidator.Validate(ValidRegistration with { Study = value }), "study");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Name = value }), "name");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Model = new ModelSpec(Family: value) }), "model.family");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Model = new ModelSpec(Variant: value) }), "model.variant");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7e9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void GivenModelParametersNotPositiveAndFinite_ThenErrorOnModelParameters(double parameters) =>
        SingleError(RunInputValidator.Validate(ValidRegistration with { Model = new ModelSpec(Parameters: parameters) }), "model.parameters");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void GivenNonPositiveTrainingShape_ThenErrorOnEachField(int value)
    {
        SingleError(RunInputValidator.Validate(ValidRegistration with { Training = new TrainingSpec(BatchSize: value) }), "training.batchSize");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Training = new TrainingSpec(RolloutN: value) }), "training.rolloutN");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Training = new TrainingSpec(UniqueSamples: value) }), "training.uniqueSamples");
    }

    [Fact]
    public void GivenTooManyTags_ThenErrorOnTags()
    {
        var tags = Enumerable.Range(0, Limits.MaxTagCount + 1).ToDictionary(i => $"t{i}", i => "v");

        SingleError(RunInputValidator.Validate(ValidRegistration with { Tags = tags }), "tags");
        Assert.Empty(RunInputValidator.Validate(ValidRegistration with { Tags = tags.Take(Limits.MaxTagCount).ToDictionary() }));
    }

    [Fact]
    public void GivenABadTagValue_ThenErrorNamesTheTag()
    {
        var tooLong = new Dictionary<string, string> { ["ok"] = "v", ["note"] = new string('x', Limits.MaxTagValueLength + 1) };
        var missing = new Dictionary<string, string> { ["owner"] = null! };

        SingleError(RunInputValidator.Validate(ValidRegistration with { Tags = tooLong }), "tags.note");
        SingleError(RunInputValidator.Validate(ValidRegistration with { Tags = missing }), "tags.owner");
    }

    [Fact]
    public void GivenSeveralProblems_ThenEveryOneIsReported()
    {
        var command = ValidRegistration with
        {
            Study = "",
            Model = new ModelSpec(Parameters: -1),
            Training = new TrainingSpec(0, 0, 0),
        };

        Assert.Equal(
            ["study", "model.parameters", "training.batchSize", "training.rolloutN", "training.uniqueSamples"],
            RunInputValidator.Validate(command).Select(e => e.Field));
    }

    // ---- steps ----

    [Fact]
    public void GivenNoOrAnEmptyStepBatch_ThenErrorOnSteps()
    {
        SingleError(RunInputValidator.Validate((IReadOnlyList<StepData>?)null), "steps");
        SingleError(RunInputValidator.Validate(Array.Empty<StepData>()), "steps");
    }

    [Fact]
    public void GivenMoreThanTenThousandSteps_ThenTheBatchIsRejected()
    {
        Assert.Equal(10_000, Limits.MaxStepsPerRequest);
        Assert.Empty(RunInputValidator.Validate(ValidSteps(10_000)));

        var error = SingleError(RunInputValidator.Validate(ValidSteps(10_001)), "steps");
        Assert.Contains("10001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenANullStep_ThenErrorAtItsIndex()
    {
        var steps = ValidSteps();
        steps[1] = null!;

        SingleError(RunInputValidator.Validate(steps), "steps[1]");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(Limits.MaxStep + 1)]
    public void GivenAStepNumberOutOfRange_ThenErrorOnItsStep(long step)
    {
        var steps = ValidSteps();
        steps[2] = ValidStep(step);

        SingleError(RunInputValidator.Validate(steps), "steps[2].step");
    }

    [Fact]
    public void GivenTheLargestStepNumber_ThenValid() => Assert.Empty(RunInputValidator.Validate([ValidStep(Limits.MaxStep)]));

    public static TheoryData<string, double> NonFinite => new()
    {
        { "reward", double.NaN }, { "reward", double.PositiveInfinity }, { "reward", double.NegativeInfinity },
        { "loss", double.NaN }, { "loss", double.PositiveInfinity }, { "loss", double.NegativeInfinity },
        { "tokens", double.NaN }, { "tokens", double.PositiveInfinity },
        { "flops", double.NaN }, { "flops", double.PositiveInfinity },
        { "samples", double.NaN }, { "samples", double.PositiveInfinity },
    };

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void GivenANonFiniteNumber_ThenErrorOnThatFieldOfThatStep(string field, double value)
    {
        var steps = ValidSteps();
        steps[1] = Set(steps[1], field, value);

        var error = SingleError(RunInputValidator.Validate(steps), $"steps[1].{field}");
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tokens")]
    [InlineData("flops")]
    [InlineData("samples")]
    public void GivenANegativeCount_ThenErrorOnThatFieldOfThatStep(string field)
    {
        var steps = ValidSteps();
        steps[0] = Set(steps[0], field, -1);

        SingleError(RunInputValidator.Validate(steps), $"steps[0].{field}");
        Assert.Empty(RunInputValidator.Validate([Set(ValidStep(0), field, 0)]));
    }

    [Fact]
    public void GivenNegativeInfinityAsACount_ThenEveryErrorNamesThatField()
    {
        var errors = RunInputValidator.Validate([Set(ValidStep(0), "tokens", double.NegativeInfinity)]);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("steps[0].tokens", e.Field));
    }

    [Fact]
    public void GivenNegativeRewardOrLoss_ThenValid() =>
        Assert.Empty(RunInputValidator.Validate([ValidStep(0) with { Reward = -3, Loss = -0.5 }]));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void GivenANonFiniteMetric_ThenErrorNamesTheMetric(double value)
    {
        var steps = ValidSteps();
        steps[1] = steps[1] with { Metrics = new Dictionary<string, double> { ["kl"] = 0.1, ["x"] = value } };

        SingleError(RunInputValidator.Validate(steps), "steps[1].metrics.x");
    }

    [Fact]
    public void GivenAMetricWithoutAUsableName_ThenErrorOnTheStepsMetrics()
    {
        var empty = ValidStep(0) with { Metrics = new Dictionary<string, double> { [""] = 1 } };
        var tooLong = ValidStep(1) with { Metrics = new Dictionary<string, double> { [new string('m', Limits.MaxNameLength + 1)] = 1 } };

        SingleError(RunInputValidator.Validate([empty]), "steps[0].metrics");
        SingleError(RunInputValidator.Validate([ValidStep(0), tooLong]), "steps[1].metrics");
    }

    [Fact]
    public void GivenTooManyMetricsInAStep_ThenErrorOnTheStepsMetrics()
    {
        var metrics = Enumerable.Range(0, Limits.MaxMetricsPerStep + 1).ToDictionary(i => $"m{i}", i => (double)i);

        SingleError(RunInputValidator.Validate([ValidStep(0), ValidStep(1) with { Metrics = metrics }]), "steps[1].metrics");
        Assert.Empty(RunInputValidator.Validate([ValidStep(0) with { Metrics = metrics.Take(Limits.MaxMetricsPerStep).ToDictionary() }]));
    }

    [Fact]
    public void GivenProblemsInSeveralSteps_ThenEachIsReportedAtItsIndex()
    {
        List<StepData> steps = [ValidStep(0), ValidStep(-5), ValidStep(2) with { Reward = double.NaN, Samples = -1 }];

        Assert.Equal(["steps[1].step", "steps[2].reward", "steps[2].samples"], RunInputValidator.Validate(steps).Select(e => e.Field));
    }

    [Fact]
    public void GivenAHugeBadBatch_ThenTheAnswerStopsAtAHundredErrors()
    {
        var steps = Enumerable.Range(0, 10_000).Select(i => new StepData(-1 - i)).ToList();

        var errors = RunInputValidator.Validate(steps);

        Assert.Equal(100, errors.Count);
        Assert.Equal("steps[0].step", errors[0].Field);
        Assert.Equal("steps[99].step", errors[^1].Field);
    }

    // ---- evaluations ----

    [Fact]
    public void GivenNoOrAnEmptyEvaluationBatch_ThenErrorOnEvaluations()
    {
        SingleError(RunInputValidator.Validate((IReadOnlyList<EvaluationData>?)null), "evaluations");
        SingleError(RunInputValidator.Validate(Array.Empty<EvaluationData>()), "evaluations");
    }

    [Fact]
    public void GivenMoreThanTenThousandEvaluations_ThenTheBatchIsRejected()
    {
        var evaluations = Enumerable.Range(0, Limits.MaxEvaluationsPerRequest + 1).Select(i => new EvaluationData(i, "math500", 0.5)).ToList();

        SingleError(RunInputValidator.Validate(evaluations), "evaluations");
        Assert.Empty(RunInputValidator.Validate(evaluations.Take(Limits.MaxEvaluationsPerRequest).ToList()));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0000001)]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void GivenPassAt1OutsideTheUnitInterval_ThenErrorOnItsPassAt1(double passAt1)
    {
        var evaluations = ValidEvaluations();
        evaluations[2] = evaluations[2] with { PassAt1 = passAt1 };

        SingleError(RunInputValidator.Validate(evaluations), "evaluations[2].passAt1");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void GivenPassAt1AtTheBoundsOfTheUnitInterval_ThenValid(double passAt1) =>
        Assert.Empty(RunInputValidator.Validate([new EvaluationData(0, "math500", passAt1)]));

    [Fact]
    public void GivenABadEvaluationField_ThenErrorNamesItAtItsIndex()
    {
        var evaluations = ValidEvaluations();
        evaluations[0] = null!;
        evaluations[1] = evaluations[1] with { Step = -1, Dataset = " ", Problems = 0 };
        evaluations[2] = evaluations[2] with { Dataset = "bad\nname" };

        Assert.Equal(
            ["evaluations[0]", "evaluations[1].step", "evaluations[1].dataset", "evaluations[1].problems", "evaluations[2].dataset"],
            RunInputValidator.Validate(evaluations).Select(e => e.Field));
    }

    private static StepData Set(StepData s, string field, double value) => field switch
    {
        "reward" => s with { Reward = value },
        "loss" => s with { Loss = value },
        "tokens" => s with { Tokens = value },
        "flops" => s with { Flops = value },
        "samples" => s with { Samples = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("..\\windows")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(" padded")]
    public void GivenAStudyNameThatIsNotOnePathSegment_ThenItIsRefused(string study) =>
        SingleError(RunInputValidator.Validate(ValidRegistration with { Study = study }), "study");

    [Theory]
    [InlineData("rl-scaling.v2")]
    [InlineData("Qwen2.5 sweep")]
    [InlineData("a.b")]
    public void GivenAStudyNameWithDotsOrSpacesInside_ThenItIsAccepted(string study) =>
        Assert.Empty(RunInputValidator.Validate(ValidRegistration with { Study = study }));
}
