using System.Globalization;
using Tracker.Contracts.Mlflow;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Conventions;

/// <summary>How a study reads a tracking client's parameters and metrics: its own mapping first, then the built-in veRL
/// and TRL names. Pure: the same mapping and names always give the same meaning.</summary>
public sealed class TrainingConventions
{
    public const string ModelRole = "model";
    public const string ParametersRole = "parameters";
    public const string BatchSizeRole = "batchSize";
    public const string RolloutNRole = "rolloutN";
    public const string UniqueSamplesRole = "uniqueSamples";

    public static readonly IReadOnlyList<string> ParamRoles = [ModelRole, ParametersRole, BatchSizeRole, RolloutNRole, UniqueSamplesRole];

    public static readonly IReadOnlyDictionary<string, MetricRole> MetricRoles = new Dictionary<string, MetricRole>(StringComparer.Ordinal)
    {
        ["reward"] = MetricRole.Reward,
        ["loss"] = MetricRole.Loss,
        ["tokens"] = MetricRole.StepTokens,
        ["totalTokens"] = MetricRole.TotalTokens,
    };

    private static readonly Dictionary<string, string[]> BuiltInParams = new(StringComparer.Ordinal)
    {
        [ModelRole] = BuiltInParamNames.Model,
        [ParametersRole] = BuiltInParamNames.Parameters,
        [BatchSizeRole] = BuiltInParamNames.BatchSize,
        [RolloutNRole] = BuiltInParamNames.RolloutN,
        [UniqueSamplesRole] = BuiltInParamNames.UniqueSamples,
    };

    private readonly Dictionary<string, MetricMeaning> _mappedMetrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _paramNames = new(StringComparer.Ordinal);

    public TrainingConventions(ConventionMapping? mapping = null)
    {
        Mapping = mapping ?? ConventionMapping.None;
        foreach (var (key, dataset) in Mapping.Evaluations ?? new Dictionary<string, string>())
        {
            _mappedMetrics[key] = new MetricMeaning(MetricRole.Evaluation, -1, dataset);
        }

        foreach (var (role, key) in Mapping.Metrics ?? new Dictionary<string, string>())
        {
            if (MetricRoles.TryGetValue(role, out var metricRole))
            {
                _mappedMetrics[key] = new MetricMeaning(metricRole, -1);
            }
        }

        foreach (var (role, names) in BuiltInParams)
        {
            _paramNames[role] = Mapping.Params?.TryGetValue(role, out var mapped) == true
                ? [BuiltInParamNames.Normalize(mapped), .. names]
                : names;
        }
    }

    public static TrainingConventions BuiltIn { get; } = new();

    public ConventionMapping Mapping { get; }

    public MetricMeaning Classify(string metric) =>
        _mappedMetrics.TryGetValue(metric, out var mapped) ? mapped : BuiltInMetricNames.Classify(metric);

    /// <summary>The model and training shape the parameters name; null where they say nothing usable.</summary>
    public RunSpecReading ReadSpec(IReadOnlyDictionary<string, string> parameters)
    {
        var byName = new Dictionary<string, (string Key, string Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            byName.TryAdd(BuiltInParamNames.Normalize(key), (key, value));
        }

        var from = new List<string>();
        var model = First(byName, ModelRole, from, v => string.IsNullOrWhiteSpace(v) || v is "None" or "null" ? null : v.Trim());
        var n = First(byName, ParametersRole, from, v => Number(v) is > 0 and var x && double.IsFinite(x) ? x : (double?)null);
        if (n is null && ModelSize.TryParse(model) is { } parsed)
        {
            n = parsed;
        }

        return new RunSpecReading(
            model,
            n,
            First(byName, BatchSizeRole, from, PositiveInt),
            First(byName, RolloutNRole, from, PositiveInt),
            First(byName, UniqueSamplesRole, from, v => PositiveInt(v) is { } u ? (long?)u : null),
            from);
    }

    /// <summary>What is wrong with a mapping (unknown roles, empty or over-long names); empty when it can be used.</summary>
    public static List<ValidationError> Validate(ConventionMapping mapping)
    {
        var errors = new List<ValidationError>();
        foreach (var (role, key) in mapping.Params ?? new Dictionary<string, string>())
        {
            if (!ParamRoles.Contains(role))
            {
                errors.Add(new($"params.{role}", $"unknown role; roles are {string.Join(", ", ParamRoles)}"));
            }

            Name(errors, $"params.{role}", key);
        }

        foreach (var (role, key) in mapping.Metrics ?? new Dictionary<string, string>())
        {
            if (!MetricRoles.ContainsKey(role))
            {
                errors.Add(new($"metrics.{role}", $"unknown role; roles are {string.Join(", ", MetricRoles.Keys)}"));
            }

            Name(errors, $"metrics.{role}", key);
        }

        foreach (var (key, dataset) in mapping.Evaluations ?? new Dictionary<string, string>())
        {
            Name(errors, "evaluations key", key);
            Name(errors, $"evaluations.{key}", dataset);
        }

        return errors;
    }

    private T? First<T>(Dictionary<string, (string Key, string Value)> byName, string role, List<string> from, Func<string, T?> read)
    {
        foreach (var name in _paramNames[role])
        {
            if (byName.TryGetValue(name, out var found) && read(found.Value) is { } value)
            {
                from.Add(found.Key);
                return value;
            }
        }

        return default;
    }

    private static double? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? PositiveInt(string text) =>
        Number(text) is >= 1 and <= int.MaxValue and var value && value == Math.Floor(value) ? (int)value : null;

    private static void Name(List<ValidationError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > Limits.MaxNameLength || value.Any(char.IsControl))
        {
            errors.Add(new(field, $"must be a name of 1 to {Limits.MaxNameLength} characters"));
        }
    }
}
