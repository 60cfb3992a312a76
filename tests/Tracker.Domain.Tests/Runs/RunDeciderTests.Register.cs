using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

public sealed partial class RunDeciderTests
{
    [Fact]
    public void GivenNoRun_WhenRegistering_ThenCreatedWithRunRegisteredAndNResolvedFromModelName()
    {
        var command = RegisterCommand();

        var decision = RunDecider.Register(GivenNoRun(), command);

        Assert.Equal(new CommandOutcome(201, 1, 0), decision.Outcome);
        var registered = Assert.IsType<RunRegistered>(Assert.Single(decision.Events));
        Assert.Equal(RunId, registered.RunId);
        Assert.Equal(Study, registered.Study);
        Assert.Equal(Name, registered.Name);
        Assert.Equal(new ModelSpec("Qwen2.5", 7e9, "Qwen2.5-7B-Instruct"), registered.Model);
        Assert.Equal(command.Training, registered.Training);
        Assert.Equal(command.Tags, registered.Tags);
        Assert.NotNull(registered.Config);
        Assert.True(System.Text.Json.JsonElement.DeepEquals(command.Config!.Value, registered.Config.Value));
        Assert.Equal(Origin, registered.Source);
    }

    [Theory]
    [InlineData("Qwen2.5", null, "qwen2.5-0.5b-grpo", 0.5e9)] // from the run name when family and variant have none
    [InlineData("Qwen/Qwen2.5-1.5B", null, "run-a", 1.5e9)] // from the family
    [InlineData("Qwen2.5", "Qwen3-30B-A3B", "run-a", 30e9)] // from the variant, total not active parameters
    [InlineData("Qwen2.5-72B", "Qwen2.5-7B", "run-a", 72e9)] // the first name that carries a size wins
    public void GivenNoRun_WhenRegisteringWithoutParameters_ThenNIsParsedFromTheFirstSizedName(string family, string? variant, string name, double expected)
    {
        var command = RegisterCommand(name: name, model: new ModelSpec(family, null, variant));

        var registered = Assert.IsType<RunRegistered>(Assert.Single(RunDecider.Register(GivenNoRun(), command).Events));

        Assert.Equal(expected, registered.Model.Parameters);
    }

    [Fact]
    public void GivenNoRun_WhenRegisteringWithExplicitParameters_ThenTheGivenNWinsOverTheName()
    {
        var command = RegisterCommand(model: new ModelSpec("Qwen2.5", 7.61e9, "Qwen2.5-7B-Instruct"));

        var registered = Assert.IsType<RunRegistered>(Assert.Single(RunDecider.Register(GivenNoRun(), command).Events));

        Assert.Equal(7.61e9, registered.Model.Parameters);
    }

    [Fact]
    public void GivenNoRun_WhenRegisteringAModelWithoutAnyKnownSize_ThenNStaysUnknown()
    {
        var command = RegisterCommand(name: "baseline", model: new ModelSpec("gpt", null, "Qwen2.5"));

        var registered = Assert.IsType<RunRegistered>(Assert.Single(RunDecider.Register(GivenNoRun(), command).Events));

        Assert.Null(registered.Model.Parameters);
    }

    [Fact]
    public void GivenRegisteredRun_WhenRegisteringTheSameBodyAgain_ThenOkWithoutEvents()
    {
        var decision = RunDecider.Register(GivenRegistered(), RegisterCommand());

        Assert.Empty(decision.Events);
        Assert.Equal(new CommandOutcome(200, 0, 1), decision.Outcome);
    }

    [Fact]
    public void GivenRegisteredRun_WhenRetryingFromAnotherClientWithReorderedTagsAndConfig_ThenStillTheSameRegistration()
    {
        // Tag and config key order, JSON whitespace and where the retry came from are not part of the body's meaning.
        var retry = RegisterCommand(
            configJson: """{ "kl": { "coef": 0.001 }, "lr": 1e-6 }""",
            tags: new Dictionary<string, string> { ["seed"] = "1", ["algo"] = "grpo" },
            origin: OtherOrigin);

        var decision = RunDecider.Register(GivenRegistered(), retry);

        Assert.Empty(decision.Events);
        Assert.Equal(200, decision.Outcome.Status);
    }

    [Fact]
    public void GivenRunRegisteredWithExplicitN_WhenRetryingWithTheSameExplicitN_ThenOk()
    {
        var first = RegisterCommand(model: new ModelSpec("Qwen2.5", 7.61e9, "Qwen2.5-7B-Instruct"));
        var ledger = Given([.. RunDecider.Register(GivenNoRun(), first).Events]);

        var decision = RunDecider.Register(ledger, first with { Origin = OtherOrigin });

        Assert.Empty(decision.Events);
        Assert.Equal(200, decision.Outcome.Status);
    }

    [Theory]
    [InlineData("study", "study differs")]
    [InlineData("name", "name differs")]
    [InlineData("model", "model differs")]
    [InlineData("parameters", "model differs")]
    [InlineData("training", "training differs")]
    [InlineData("tag value", "tags differ")]
    [InlineData("extra tag", "tags differ")]
    [InlineData("missing tag", "tags differ")]
    [InlineData("config", "config differs")]
    [InlineData("no config", "config differs")]
    public void GivenRegisteredRun_WhenRegisteringADifferentBody_ThenConflictNamingWhatDiffers(string change, string expected)
    {
        var command = change switch
        {
            "study" => RegisterCommand(study: "other-study"),
            "name" => RegisterCommand(name: "other-name"),
            "model" => RegisterCommand(model: new ModelSpec("Qwen2.5", null, "Qwen2.5-14B-Instruct")),
            "parameters" => RegisterCommand(model: new ModelSpec("Qwen2.5", 7.61e9, "Qwen2.5-7B-Instruct")),
            "training" => RegisterCommand(training: new TrainingSpec(512, 8, 7_500)),
            "tag value" => RegisterCommand(tags: new Dictionary<string, string> { ["algo"] = "ppo", ["seed"] = "1" }),
            "extra tag" => RegisterCommand(tags: new Dictionary<string, string> { ["algo"] = "grpo", ["seed"] = "1", ["x"] = "y" }),
            "missing tag" => RegisterCommand(tags: new Dictionary<string, string> { ["algo"] = "grpo" }),
            "config" => RegisterCommand(configJson: """{"lr":2e-6,"kl":{"coef":0.001}}"""),
            "no config" => RegisterCommand(configJson: null),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };

        var decision = RunDecider.Register(GivenRegistered(), command);

        ThenRejected(decision, 409, RunId.ToString(), expected);
    }
}
