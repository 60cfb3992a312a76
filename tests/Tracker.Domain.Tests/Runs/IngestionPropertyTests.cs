using CsCheck;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

/// <summary>Ingestion invariants (design §7): whatever the batching, arrival order and retries, the stored steps are
/// exactly the distinct steps posted, each once, and every posted item is counted as accepted or duplicate.</summary>
public sealed class IngestionPropertyTests
{
    private static readonly Guid RunId = Guid.Parse("5f0e3d2c-1b0a-5987-8654-3210fedcba98");
    private static readonly CommandOrigin Origin = new("property");

    /// <summary>Distinct steps; a posting sequence holding each step at least once plus arbitrary re-posts, shuffled;
    /// and the sizes of the consecutive batches the sequence is cut into.</summary>
    private static readonly Gen<(StepData[] Steps, int[] Posts, int[] BatchSizes)> Plan =
        from steps in Generators.DistinctSteps
        from reposts in Gen.Int[0, steps.Length - 1].Array[0, 2 * steps.Length]
        from posts in Gen.Shuffle(Enumerable.Range(0, steps.Length).Concat(reposts).ToArray())
        from batchSizes in Gen.Int[1, 12].Array[posts.Length]
        select (steps, posts, batchSizes);

    [Fact]
    public void StepsPostedInAnyBatchesAndOrderWithRepostsAreStoredExactlyOnce()
    {
        Plan.Sample(
            plan =>
            {
                var (steps, posts, batchSizes) = plan;
                var ledger = RegisteredLedger();
                var stored = new List<StepData>();
                var firstPost = new HashSet<int>();
                int accepted = 0, duplicates = 0, at = 0;
                foreach (var size in batchSizes)
                {
                    if (at == posts.Length)
                    {
                        break;
                    }

                    // The first post of a step is the original; every re-post is an equal copy built independently.
                    var batch = posts.Skip(at).Take(size).Select(i => firstPost.Add(i) ? steps[i] : Generators.Copy(steps[i])).ToArray();
                    at += batch.Length;

                    var decision = RunDecider.LogSteps(ledger, new LogSteps(RunId, batch, Origin));

                    Assert.Equal(200, decision.Outcome.Status);
                    Assert.Equal(batch.Length, decision.Outcome.Accepted + decision.Outcome.Duplicates);
                    var logged = decision.Events.Cast<StepsLogged>().SelectMany(e => e.Steps).ToList();
                    Assert.Equal(decision.Outcome.Accepted, logged.Count);
                    stored.AddRange(logged);
                    accepted += decision.Outcome.Accepted;
                    duplicates += decision.Outcome.Duplicates;
                    ledger.ApplyAll(decision.Events, ledger.Version);
                }

                Assert.Equal(posts.Length, at);
                Assert.Equal(posts.Length, accepted + duplicates);
                Assert.Equal(steps.Length, accepted);
                Assert.Equal(steps.OrderBy(s => s.Step), stored.OrderBy(s => s.Step));
                Assert.Equal(steps.Length, ledger.StepCount);
                Assert.All(steps, s => Assert.True(ledger.TryGetStep(s.Step, out var f) && f == Fingerprint.Of(s)));
            },
            iter: 300,
            print: p => $"steps [{string.Join(", ", p.Steps.Select(Generators.Print))}], posts [{string.Join(", ", p.Posts)}], batches [{string.Join(", ", p.BatchSizes)}]");
    }

    [Fact]
    public void ARepostOfAStoredStepWithOtherValuesIsRejectedWholeAndLeavesTheLedgerAsItWas()
    {
        Gen.Select(Generators.DistinctSteps, Gen.Int[0, 1_000], Generators.Finite, Generators.Step.Array[0, 5])
            .Sample(
                (steps, pick, value, fresh) =>
                {
                    var ledger = RegisteredLedger();
                    ledger.ApplyAll([new StepsLogged(RunId, steps)], ledger.Version);
                    var version = ledger.Version;
                    var target = steps[pick % steps.Length];
                    var changed = target with { Reward = target.Reward == value ? value + 1 : value };
                    var newSteps = fresh.Where(s => steps.All(t => t.Step != s.Step)).DistinctBy(s => s.Step);
                    LogSteps command = new(RunId, [.. newSteps, changed], Origin);

                    var decision = RunDecider.LogSteps(ledger, command);

                    Assert.Equal(409, decision.Outcome.Status);
                    Assert.Empty(decision.Events);
                    Assert.Contains($"step {target.Step} ", decision.Outcome.Detail, StringComparison.Ordinal);
                    Assert.Equal(version, ledger.Version);
                    Assert.True(ledger.TryGetStep(target.Step, out var f) && f == Fingerprint.Of(target));
                },
                iter: 300);
    }

    private static RunLedger RegisteredLedger()
    {
        var ledger = new RunLedger(RunId);
        var register = new RegisterRun(RunId, "study", "run", new ModelSpec("Qwen2.5-0.5B"), new TrainingSpec(), null, new Dictionary<string, string>(), Origin);
        ledger.ApplyAll(RunDecider.Register(ledger, register).Events, 0);
        return ledger;
    }
}
