using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracker.Domain.Conventions;

/// <summary>The metric names veRL and TRL log (mlflow-verl-ecosystem.md §2.2, §3.3), as they reach an MLflow server.</summary>
public static partial class BuiltInMetricNames
{
    private static readonly Dictionary<string, MetricMeaning> Exact = new(StringComparer.Ordinal)
    {
        // veRL: critic/rewards is the score after the in-reward KL penalty; critic/score the raw score.
        ["critic/rewards/mean"] = new(MetricRole.Reward, 0),
        ["critic/score/mean"] = new(MetricRole.Reward, 1),
        ["reward"] = new(MetricRole.Reward, 2), // TRL GRPO
        ["train/reward"] = new(MetricRole.Reward, 3),
        ["actor/pg_loss"] = new(MetricRole.Loss, 0),
        ["loss"] = new(MetricRole.Loss, 1), // transformers Trainer
        ["train/loss"] = new(MetricRole.Loss, 2),
        ["policy_loss"] = new(MetricRole.Loss, 3),
        ["train/policy_loss"] = new(MetricRole.Loss, 4),
        ["perf/total_num_tokens"] = new(MetricRole.StepTokens, 0),
        ["num_tokens"] = new(MetricRole.TotalTokens, 0), // TRL: prompt and completion tokens seen so far
        ["train/num_tokens"] = new(MetricRole.TotalTokens, 1),
    };

    // veRL reports acc as the core variable when the reward function gives one, else the reward (score) itself.
    private static readonly string[] CoreVariables = ["acc", "reward", "score"];

    public static MetricMeaning Classify(string key)
    {
        if (Exact.TryGetValue(key, out var meaning))
        {
            return meaning;
        }

        return Evaluation(key) ?? MetricMeaning.Other;
    }

    private static MetricMeaning? Evaluation(string key)
    {
        // veRL ≥ 2025-04: val-core/{data source}/{variable}/mean@{n}, sanitised for MLflow since 2025-10 to mean_at_{n}.
        // mean@n is the mean score over n samples per problem, an unbiased pass@1 when the score is 0/1.
        if (ValCore().Match(key) is { Success: true } core)
        {
            var variable = Array.IndexOf(CoreVariables, core.Groups["var"].Value);
            var samples = int.Parse(core.Groups["n"].Value, CultureInfo.InvariantCulture);
            return variable < 0 ? null : new MetricMeaning(MetricRole.Evaluation, (variable * 1_000_000) - samples, core.Groups["ds"].Value);
        }

        // veRL before 2025-04: val/test_score/{data source}; the paper's logs end in "/unknown" (the default dataset field).
        if (key.StartsWith(TestScorePrefix, StringComparison.Ordinal) && key.Length > TestScorePrefix.Length)
        {
            var dataset = key[TestScorePrefix.Length..];
            dataset = dataset.EndsWith("/unknown", StringComparison.Ordinal) && dataset.Length > 8 ? dataset[..^8] : dataset;
            return new MetricMeaning(MetricRole.Evaluation, 5_000_000, dataset);
        }

        // TRL: eval_reward on the single eval set, eval_{name}_reward on each of several.
        if (TrlEvalReward().Match(key) is { Success: true } trl)
        {
            return new MetricMeaning(MetricRole.Evaluation, 6_000_000, trl.Groups["ds"].Success ? trl.Groups["ds"].Value : "eval");
        }

        // Plain names: eval/{dataset}/pass@1, val/{dataset}/pass@1, eval/pass@1.
        if (PassAt1().Match(key) is { Success: true } plain)
        {
            return new MetricMeaning(MetricRole.Evaluation, 7_000_000, plain.Groups["ds"].Success ? plain.Groups["ds"].Value : plain.Groups["prefix"].Value);
        }

        return null;
    }

    private const string TestScorePrefix = "val/test_score/";

    [GeneratedRegex(@"^val-core/(?<ds>.+)/(?<var>[^/]+)/mean(?:@|_at_)(?<n>\d{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex ValCore();

    [GeneratedRegex(@"^eval_(?:(?<ds>.+)_)?reward$", RegexOptions.CultureInvariant)]
    private static partial Regex TrlEvalReward();

    [GeneratedRegex(@"^(?<prefix>eval|val|test)(?:/(?<ds>.+))?/pass(?:@|_at_)1$", RegexOptions.CultureInvariant)]
    private static partial Regex PassAt1();
}
