using System.Globalization;
using System.Text.RegularExpressions;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Import.Conventions;

/// <summary>The parameter and metric names veRL, TRL and OpenRLHF log (mlflow-verl-ecosystem.md §2–§3), with MLflow's
/// <c>/</c>-flattened and W&amp;B's nested or <c>train/</c>-prefixed spellings. Parameter names are compared with
/// <c>/</c> and <c>.</c> as the same separator.</summary>
public sealed partial class VerlTrlImportConventions : IImportConventions
{
    public static VerlTrlImportConventions Instance { get; } = new();

    private static readonly string[] ModelNames = ["actor_rollout_ref.model.path", "model_name_or_path", "model.path", "model_name", "pretrain", "model"];
    private static readonly string[] BatchSizes = ["data.train_batch_size", "rollout_batch_size"];
    private static readonly string[] RolloutNs = ["actor_rollout_ref.rollout.n", "num_generations", "n_samples_per_prompt"];
    private static readonly string[] UniqueSampleCounts = ["data.train_max_samples"];

    private static readonly string[] Rewards = ["critic/rewards/mean", "critic/score/mean", "reward", "train/reward"];
    private static readonly string[] Losses = ["actor/pg_loss", "loss", "train/loss", "policy_loss", "train/policy_loss"];
    private static readonly string[] StepTokens = ["perf/total_num_tokens"];
    private static readonly string[] RunningTokens = ["num_tokens", "train/num_tokens"];

    // The score variable veRL reports as core: acc when the reward function gives one, else the reward itself.
    private static readonly string[] CoreVariables = ["acc", "reward", "score"];

    public RunShape ReadShape(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parameters)
        {
            byName.TryAdd(key.Replace('/', '.'), value);
        }

        var model = First(byName, ModelNames, v => !string.IsNullOrWhiteSpace(v) ? v.Trim() : null);
        return new RunShape(
            model,
            ModelSize.TryParse(model),
            First(byName, BatchSizes, PositiveInt),
            First(byName, RolloutNs, PositiveInt),
            First(byName, UniqueSampleCounts, v => PositiveInt(v) is { } n ? (long?)n : null));
    }

    public StepMeaning ReadStep(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new StepMeaning(
            First(metrics, Rewards),
            First(metrics, Losses),
            First(metrics, StepTokens) is >= 0 and var tokens ? tokens : null,
            First(metrics, RunningTokens) is >= 0 and var total ? total : null,
            Evaluations(metrics));
    }

    private static List<EvaluationReading> Evaluations(IReadOnlyDictionary<string, double> metrics)
    {
        // Per dataset the best-ranked reading: val-core at the largest sample count and the core variable first.
        var best = new Dictionary<string, (int Rank, EvaluationReading Reading)>(StringComparer.Ordinal);
        foreach (var (key, value) in metrics)
        {
            if (!double.IsFinite(value) || value is < 0 or > 1 || Read(key, value) is not { } found)
            {
                continue;
            }

            if (!best.TryGetValue(found.Reading.Dataset, out var current) || found.Rank < current.Rank
                || (found.Rank == current.Rank && string.CompareOrdinal(found.Reading.Metric, current.Reading.Metric) < 0))
            {
                best[found.Reading.Dataset] = found;
            }
        }

        return [.. best.Values.Select(b => b.Reading).OrderBy(r => r.Dataset, StringComparer.Ordinal)];
    }

    /// <summary>A metric that is a pass@1 of a held-out set, with a rank (lower is preferred).</summary>
    private static (int Rank, EvaluationReading Reading)? Read(string key, double value)
    {
        // veRL ≥ 2025-04: val-core/{data source}/{variable}/mean@{n} (sanitised for MLflow: mean_at_{n}); mean@n is the
        // mean accuracy over n samples per problem, an unbiased pass@1.
        if (ValCore().Match(key) is { Success: true } core)
        {
            var variable = Array.IndexOf(CoreVariables, core.Groups["var"].Value);
            var samples = int.Parse(core.Groups["n"].Value, CultureInfo.InvariantCulture);
            return variable < 0 ? null : ((variable * 1_000_000) - Math.Min(samples, 999_999), new EvaluationReading(core.Groups["ds"].Value, value, key));
        }

        // veRL before 2025-04: val/test_score/{data source}.
        if (key.StartsWith("val/test_score/", StringComparison.Ordinal) && key.Length > "val/test_score/".Length)
        {
            return (5_000_000, new EvaluationReading(key["val/test_score/".Length..], value, key));
        }

        // Plain names: eval/{dataset}/pass@1, val/{dataset}/pass@1, or eval/pass@1 for a job's single eval set.
        if (PassAt1().Match(key) is { Success: true } plain)
        {
            var dataset = plain.Groups["ds"].Success ? plain.Groups["ds"].Value : plain.Groups["prefix"].Value;
            return (6_000_000, new EvaluationReading(dataset, value, key));
        }

        return null;
    }

    [GeneratedRegex(@"^val-core/(?<ds>.+)/(?<var>[^/]+)/mean(?:@|_at_)(?<n>\d{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex ValCore();

    [GeneratedRegex(@"^(?<prefix>eval|val|test)(?:/(?<ds>.+))?/pass(?:@|_at_)1$", RegexOptions.CultureInvariant)]
    private static partial Regex PassAt1();

    private static T? First<T>(Dictionary<string, string> byName, string[] names, Func<string, T?> read)
    {
        foreach (var name in names)
        {
            if (byName.TryGetValue(name, out var text) && read(text) is { } value)
            {
                return value;
            }
        }

        return default;
    }

    private static double? First(IReadOnlyDictionary<string, double> metrics, string[] names)
    {
        foreach (var name in names)
        {
            if (metrics.TryGetValue(name, out var value) && double.IsFinite(value))
            {
                return value;
            }
        }

        return null;
    }

    private static int? PositiveInt(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && value is >= 1 and <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : null;
}
