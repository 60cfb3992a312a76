using Tracker.Contracts.Mlflow;
using Tracker.Contracts.Runs;
using Tracker.Domain.Conventions;

namespace Tracker.Domain.Tests.Conventions;

public sealed class TrainingConventionsTests
{
    [Fact]
    public void GivenVerlParamsFlattenedBySlashes_WhenReadingTheSpec_ThenNBatchRolloutsAndUniquePromptsAreKnown()
    {
        var reading = TrainingConventions.BuiltIn.ReadSpec(new Dictionary<string, string>
        {
            ["actor_rollout_ref/model/path"] = "Qwen/Qwen2.5-7B-Instruct",
            ["data/train_batch_size"] = "512",
            ["actor_rollout_ref/rollout/n"] = "8",
            ["data/train_max_samples"] = "51200",
            ["critic/model/path"] = "Qwen/Qwen2.5-72B-Instruct",
        });

        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", reading.ModelName);
        Assert.Equal(7e9, reading.Parameters);
        Assert.Equal(512, reading.BatchSize);
        Assert.Equal(8, reading.RolloutN);
        Assert.Equal(51_200, reading.UniqueSamples);
        Assert.Equal(4_096, reading.RolloutsPerStep);
        Assert.Contains("actor_rollout_ref/model/path", reading.FromParams);
    }

    [Fact]
    public void GivenDottedNames_WhenReadingTheSpec_ThenTheyMeanTheSame()
    {
        var reading = TrainingConventions.BuiltIn.ReadSpec(new Dictionary<string, string>
        {
            ["actor_rollout_ref.model.path"] = "/models/Qwen2.5-1.5B",
            ["data.train_batch_size"] = "256",
        });

        Assert.Equal(1.5e9, reading.Parameters);
        Assert.Equal(256, reading.BatchSize);
    }

    [Fact]
    public void GivenTrlParams_WhenReadingTheSpec_ThenTheModelNameAndGroupSizeAreRead()
    {
        var reading = TrainingConventions.BuiltIn.ReadSpec(new Dictionary<string, string>
        {
            ["_name_or_path"] = "Qwen/Qwen2.5-0.5B-Instruct",
            ["num_generations"] = "16",
            ["per_device_train_batch_size"] = "8",
        });

        Assert.Equal(0.5e9, reading.Parameters);
        Assert.Equal(16, reading.RolloutN);
        Assert.Null(reading.BatchSize);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("None")]
    [InlineData("0")]
    [InlineData("12.5")]
    [InlineData("lots")]
    public void GivenAnUnsetOrMeaninglessCount_WhenReadingTheSpec_ThenItIsNotUsed(string value)
    {
        var reading = TrainingConventions.BuiltIn.ReadSpec(new Dictionary<string, string> { ["data/train_max_samples"] = value, ["data/train_batch_size"] = value });
        Assert.Null(reading.UniqueSamples);
        Assert.Null(reading.BatchSize);
    }

    [Fact]
    public void GivenAStudyMapping_WhenReadingParamsAndMetrics_ThenMappedNamesWinOverBuiltInOnes()
    {
        var conventions = new TrainingConventions(new ConventionMapping(
            Params: new Dictionary<string, string> { ["model"] = "cfg/policy", ["batchSize"] = "cfg/prompts_per_step", ["parameters"] = "cfg/n" },
            Metrics: new Dictionary<string, string> { ["reward"] = "my/reward", ["totalTokens"] = "my/tokens_seen" },
            Evaluations: new Dictionary<string, string> { ["my/holdout_acc"] = "holdout" }));

        var reading = conventions.ReadSpec(new Dictionary<string, string>
        {
            ["cfg/policy"] = "policy-v3",
            ["cfg/n"] = "3.2e9",
            ["cfg/prompts_per_step"] = "64",
            ["data/train_batch_size"] = "512",
        });

        Assert.Equal("policy-v3", reading.ModelName);
        Assert.Equal(3.2e9, reading.Parameters);
        Assert.Equal(64, reading.BatchSize);
        Assert.Equal(MetricRole.Reward, conventions.Classify("my/reward").Role);
        Assert.Equal(MetricRole.TotalTokens, conventions.Classify("my/tokens_seen").Role);
        Assert.Equal(new MetricMeaning(MetricRole.Evaluation, -1, "holdout"), conventions.Classify("my/holdout_acc"));
        Assert.Equal(MetricRole.Reward, conventions.Classify("critic/rewards/mean").Role);
    }

    [Fact]
    public void GivenAMappingWithUnknownRolesOrEmptyNames_WhenValidating_ThenEachProblemIsNamed()
    {
        var errors = TrainingConventions.Validate(new ConventionMapping(
            Params: new Dictionary<string, string> { ["modelSize"] = "x" },
            Metrics: new Dictionary<string, string> { ["reward"] = "" },
            Evaluations: new Dictionary<string, string> { ["acc"] = " " }));

        Assert.Contains(errors, e => e.Field == "params.modelSize");
        Assert.Contains(errors, e => e.Field == "metrics.reward");
        Assert.Contains(errors, e => e.Field == "evaluations.acc");
        Assert.Empty(TrainingConventions.Validate(ConventionMapping.None));
    }

    [Fact]
    public void GivenAReading_WhenLaidOverTheRegisteredSpec_ThenItFillsWhatItKnowsAndKeepsTheRest()
    {
        var reading = new RunSpecReading("Qwen/Qwen2.5-7B-Instruct", 7e9, 512, null, null, []);
        var (model, training) = reading.Over(new ModelSpec("guess", 1e9), new TrainingSpec(RolloutN: 8, UniqueSamples: 1000));

        Assert.Equal(new ModelSpec("Qwen2.5-7B-Instruct", 7e9, "instruct"), model);
        Assert.Equal(new TrainingSpec(512, 8, 1000), training);
    }
}
