namespace Tracker.Contracts.Runs;

/// <summary>The training shape: prompts per step, rollouts per prompt, and the size of the unique prompt pool (for τ).</summary>
public sealed record TrainingSpec(int? BatchSize = null, int? RolloutN = null, long? UniqueSamples = null);
