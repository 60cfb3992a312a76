using Tracker.Server.Mlflow.Runs;

namespace Tracker.Server.Mlflow.Search;

/// <summary>Whether a run satisfies every clause of a filter. A run without the param, tag or metric compared never
/// matches (as in MLflow's SQL store).</summary>
public static class RunMatcher
{
    public static readonly string[] Attributes = ["status", "run_name", "run_id", "user_id", "start_time", "end_time", "experiment_id", "lifecycle_stage"];

    public static bool Matches(MlflowRunDetails run, IReadOnlyList<FilterClause> clauses) => clauses.All(c => Matches(run, c));

    /// <summary>A problem with a clause that parsing cannot see (an attribute MLflow does not have).</summary>
    public static string? Problem(FilterClause clause) =>
        clause.Entity == FilterEntity.Attribute && !Attributes.Contains(Attribute(clause.Key))
            ? $"Invalid attribute key '{clause.Key}' specified. Valid keys are {string.Join(", ", Attributes.Select(a => $"'{a}'"))}"
            : null;

    private static bool Matches(MlflowRunDetails run, FilterClause clause) => clause.Entity switch
    {
        FilterEntity.Param => run.Params.TryGetValue(clause.Key, out var p) && CompareText(p, clause),
        FilterEntity.Tag => run.Tags.TryGetValue(clause.Key, out var t) && CompareText(t, clause),
        FilterEntity.Metric => run.Metrics.TryGetValue(clause.Key, out var m) && CompareNumber(m.AsDouble(), clause.Number!.Value, clause.Comparator),
        _ => AttributeValue(run, Attribute(clause.Key)) switch
        {
            string text => CompareText(text, clause),
            long number => clause.Number is { } n ? CompareNumber(number, n, clause.Comparator) : CompareText(number.ToString(System.Globalization.CultureInfo.InvariantCulture), clause),
            _ => false,
        },
    };

    public static object? AttributeValue(MlflowRunDetails run, string attribute) => attribute switch
    {
        "status" => run.Status,
        "run_name" => run.RunName,
        "run_id" => Wire.MlflowIds.RunId(run.Id),
        "user_id" => run.UserId,
        "start_time" => run.StartTime,
        "end_time" => run.EndTime,
        "experiment_id" => run.ExperimentId,
        "lifecycle_stage" => "active",
        _ => null,
    };

    /// <summary>MLflow's attribute names, also in their camelCase and aliased spellings.</summary>
    public static string Attribute(string key) => key switch
    {
        "runName" or "run name" => "run_name",
        "runId" or "run_uuid" => "run_id",
        "startTime" or "created" or "Created" => "start_time",
        "endTime" => "end_time",
        "userId" or "user" => "user_id",
        _ => key,
    };

    private static bool CompareText(string value, FilterClause clause) => clause.Comparator switch
    {
        "=" => value == clause.Text,
        "!=" => value != clause.Text,
        "LIKE" => LikePattern.Matches(value, clause.Text, ignoreCase: false),
        "ILIKE" => LikePattern.Matches(value, clause.Text, ignoreCase: true),
        "IN" => clause.Values!.Contains(value, StringComparer.Ordinal),
        "NOT IN" => !clause.Values!.Contains(value, StringComparer.Ordinal),
        _ => CompareOrdered(string.CompareOrdinal(value, clause.Text), clause.Comparator),
    };

    private static bool CompareNumber(double value, double target, string comparator) =>
        !double.IsNaN(value) && CompareOrdered(value.CompareTo(target), comparator);

    private static bool CompareOrdered(int order, string comparator) => comparator switch
    {
        "=" => order == 0,
        "!=" => order != 0,
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        ">=" => order >= 0,
        _ => false,
    };
}
