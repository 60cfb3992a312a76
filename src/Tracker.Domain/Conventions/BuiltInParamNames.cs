namespace Tracker.Domain.Conventions;

/// <summary>The parameter names veRL and TRL log for the scaling variables. veRL's config reaches MLflow flattened with
/// <c>/</c> (<c>actor_rollout_ref/model/path</c>); names are compared with <c>/</c> and <c>.</c> as one separator.</summary>
public static class BuiltInParamNames
{
    /// <summary>Model path or hub id, e.g. <c>Qwen/Qwen2.5-7B-Instruct</c>; N is parsed from it.</summary>
    public static readonly string[] Model =
        ["actor_rollout_ref.model.path", "model_name_or_path", "_name_or_path", "model.path", "model_name", "pretrain"];

    /// <summary>N itself, when a job states it.</summary>
    public static readonly string[] Parameters = ["tracker.parameters", "model_parameters"];

    /// <summary>Prompts per step (veRL <c>data.train_batch_size</c>); D += batch size per step.</summary>
    public static readonly string[] BatchSize = ["data.train_batch_size", "tracker.batch_size", "rollout_batch_size"];

    /// <summary>Rollouts per prompt (GRPO group size): rollouts per step = batch size × n.</summary>
    public static readonly string[] RolloutN = ["actor_rollout_ref.rollout.n", "num_generations", "n_samples_per_prompt", "tracker.rollout_n"];

    /// <summary>Unique prompts in the training pool, for τ = D / unique (veRL <c>data.train_max_samples</c> when set).</summary>
    public static readonly string[] UniqueSamples = ["data.train_max_samples", "tracker.unique_samples"];

    public static string Normalize(string key) => key.Replace('/', '.').ToLowerInvariant();
}
