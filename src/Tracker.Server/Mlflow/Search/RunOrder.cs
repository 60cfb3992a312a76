using System.Text.RegularExpressions;
using Tracker.Server.Mlflow.Runs;

namespace Tracker.Server.Mlflow.Search;

/// <summary>MLflow's order_by: <c>metrics.loss DESC</c>, <c>attributes.start_time</c>, <c>params.lr ASC</c>…
/// (ascending unless DESC). Runs missing the value sort last; ties fall back to start_time DESC, then run id.</summary>
public static partial class RunOrder
{
    public static (List<MlflowRunDetails> Runs, string? Error) Sort(IEnumerable<MlflowRunDetails> runs, IReadOnlyList<string>? orderBy)
    {
        var keys = new List<(FilterEntity Entity, string Key, bool Descending)>();
        foreach (var clause in orderBy ?? [])
        {
            var match = OrderClause().Match(clause.Trim());
            if (!match.Success)
            {
                return ([], $"Invalid order_by clause '{clause}': expected e.g. 'metrics.loss DESC' or 'attributes.start_time ASC'");
            }

            var prefix = match.Groups["prefix"].Success ? match.Groups["prefix"].Value.ToLowerInvariant() : "attributes";
            var entity = prefix switch
            {
                "metric" or "metrics" => FilterEntity.Metric,
                "param" or "params" => FilterEntity.Param,
                "tag" or "tags" => FilterEntity.Tag,
                "attribute" or "attributes" or "attr" or "run" => FilterEntity.Attribute,
                _ => (FilterEntity?)null,
            };
            if (entity is null)
            {
                return ([], $"Invalid order_by clause '{clause}': unknown entity type '{prefix}'");
            }

            var key = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["name"].Value;
            keys.Add((entity.Value, entity == FilterEntity.Attribute ? RunMatcher.Attribute(key) : key, match.Groups["dir"].Value.Equals("DESC", StringComparison.OrdinalIgnoreCase)));
        }

        var list = runs.ToList();
        list.Sort((a, b) =>
        {
            foreach (var (entity, key, descending) in keys)
            {
                var order = Compare(Value(a, entity, key), Value(b, entity, key), descending);
                if (order != 0)
                {
                    return order;
                }
            }

            var byStart = b.StartTime.CompareTo(a.StartTime);
            return byStart != 0 ? byStart : a.Id.CompareTo(b.Id);
        });
        return (list, null);
    }

    private static IComparable? Value(MlflowRunDetails run, FilterEntity entity, string key) => entity switch
    {
        FilterEntity.Metric => run.Metrics.TryGetValue(key, out var m) && !double.IsNaN(m.AsDouble()) ? m.AsDouble() : null,
        FilterEntity.Param => run.Params.GetValueOrDefault(key),
        FilterEntity.Tag => run.Tags.GetValueOrDefault(key),
        _ => RunMatcher.AttributeValue(run, key) as IComparable,
    };

    private static int Compare(IComparable? a, IComparable? b, bool descending) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string x, string y) => (descending ? -1 : 1) * string.CompareOrdinal(x, y),
        _ => (descending ? -1 : 1) * a.CompareTo(b),
    };

    [GeneratedRegex(@"^(?:(?<prefix>[A-Za-z_]+)\.)?(?:[`""](?<quoted>[^`""]+)[`""]|(?<name>[^\s`""]+))(?:\s+(?<dir>ASC|DESC|asc|desc))?$", RegexOptions.CultureInvariant)]
    private static partial Regex OrderClause();
}
