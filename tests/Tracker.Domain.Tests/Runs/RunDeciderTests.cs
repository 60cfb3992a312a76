using System.Text.Json;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

/// <summary>Given/When/Then tests of <see cref="RunDecider"/>: the given state is a ledger folded from events,
/// the action is one command, and the outcome is the decided events plus the answer. One partial file per command.</summary>
public sealed partial class RunDeciderTests
{
    private const string Study = "rl-scaling";
    private const string Name = "qwen2.5-grpo-seed1";

    private static readonly Guid RunId = DeterministicGuid.ForRun(Study, Name);
    private static readonly CommandOrigin Origin = new("tracker-py/1.0", "gpu-node-7", "alice", "corr-1");
    private static readonly CommandOrigin OtherOrigin = new("tracker-py/1.1", "gpu-node-8", "bob", "corr-2");

    /// <summary>N comes from the variant: family and run name carry no size.</summary>
    private static RegisterRun RegisterCommand(
        string study = Study,
        string name = Name,
        ModelSpec? model = null,
        TrainingSpec? training = null,
        string? configJson = """{"lr":1e-6,"kl":{"coef":0.001}}""",
        IReadOnlyDictionary<string, string>? tags = null,
        CommandOrigin? origin = null) =>
        new(
            RunId,
            study,
            name,
            model ?? new ModelSpec("Qwen2.5", null, "Qwen2.5-7B-Instruct"),
            training ?? new TrainingSpec(256, 8, 7_500),
            configJson is null ? null : Json(configJson),
            tags ?? new Dictionary<string, string> { ["algo"] = "grpo", ["seed"] = "1" },
            origin ?? Origin);

    /// <summary>The event an accepted <see cref="RegisterCommand"/> stores: the same body with N resolved to 7e9.</summary>
    private static RunRegistered Registered() =>
        new(
            RunId,
            Study,
            Name,
            new ModelSpec("Qwen2.5", 7e9, "Qwen2.5-7B-Instruct"),
            new TrainingSpec(256, 8, 7_500),
            Json("""{"lr":1e-6,"kl":{"coef":0.001}}"""),
            new Dictionary<string, string> { ["algo"] = "grpo", ["seed"] = "1" },
            Origin);

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A ledger folded from the given events, as the consumer would hold it after reading the stream.</summary>
    private static RunLedger Given(params object[] events)
    {
        var ledger = new RunLedger(RunId);
        ledger.ApplyAll(events, 0);
        return ledger;
    }

    private static RunLedger GivenNoRun() => Given();

    private static RunLedger GivenRegistered(params object[] more) => Given([Registered(), .. more]);

    private static LogSteps Steps(params StepData[] steps) => new(RunId, steps, Origin);

    private static RecordEvaluations Evaluations(params EvaluationData[] evaluations) => new(RunId, evaluations, Origin);

    private static FinishRun Finish(string status, string? reason = null) => new(RunId, status, reason, Origin);

    private static StepData Step(long step, double reward = 0.5, double? loss = 1.25, string metric = "kl", double metricValue = 0.01) =>
        new(
            step,
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddSeconds(step),
            reward,
            loss,
            Tokens: 1_000_000,
            Flops: null,
            Samples: 256,
            Metrics: new Dictionary<string, double> { [metric] = metricValue, ["entropy"] = 0.7 });

    /// <summary>An equal copy built independently: new record, new dictionary filled in the reverse order.</summary>
    private static StepData Copy(StepData s) => Generators.Copy(s);

    private static void ThenRejected(Decision decision, int status, params string[] detailParts)
    {
        Assert.Empty(decision.Events);
        Assert.Equal(status, decision.Outcome.Status);
        Assert.False(decision.Outcome.Succeeded);
        Assert.Equal(0, decision.Outcome.Accepted);
        Assert.Equal(0, decision.Outcome.Duplicates);
        Assert.False(string.IsNullOrWhiteSpace(decision.Outcome.Title));
        foreach (var part in detailParts)
        {
            Assert.Contains(part, decision.Outcome.Detail, StringComparison.Ordinal);
        }
    }

    private static void ThenOk(Decision decision, int accepted, int duplicates)
    {
        Assert.Equal(new CommandOutcome(200, accepted, duplicates), decision.Outcome);
        Assert.True(decision.Outcome.Succeeded);
    }
}
