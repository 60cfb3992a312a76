using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Search;

namespace Tracker.Server.Mlflow.Experiments;

/// <summary>experiments/search over the studies: filter on <c>name</c> (=, !=, LIKE, ILIKE), order by name,
/// experiment_id, creation_time or last_update_time (default creation_time DESC), paged.</summary>
public static class ExperimentSearch
{
    public const int MaxResults = 50_000;

    public static (SearchExperimentsResponse? Answer, string? Error) Run(SearchExperimentsRequest request, List<MlflowExperiment> experiments)
    {
        if (request.ViewType is "DELETED_ONLY")
        {
            return (new SearchExperimentsResponse([], null), null);
        }

        var max = request.MaxResults ?? 1000;
        if (max is < 1 or > MaxResults)
        {
            return Fail($"Invalid value {max} for parameter 'max_results' supplied. It must be between 1 and {MaxResults}.");
        }

        if (!PageToken.TryRead(request.PageToken, out var offset))
        {
            return Fail($"Invalid page token '{request.PageToken}'");
        }

        var (clauses, error) = SearchFilter.Parse(request.Filter);
        if (error is not null)
        {
            return Fail(error);
        }

        foreach (var clause in clauses)
        {
            if (clause.Entity != FilterEntity.Attribute || clause.Key != "name")
            {
                return Fail($"Invalid filter '{request.Filter}': experiments are searched by name only");
            }
        }

        var matching = experiments.Where(e => clauses.All(c => c.Comparator switch
        {
            "=" => e.Name == c.Text,
            "!=" => e.Name != c.Text,
            "LIKE" => LikePattern.Matches(e.Name, c.Text, ignoreCase: false),
            "ILIKE" => LikePattern.Matches(e.Name, c.Text, ignoreCase: true),
            _ => false,
        }));

        var ordered = Order(matching, request.OrderBy);
        if (ordered is null)
        {
            return Fail($"Invalid order_by {string.Join(", ", request.OrderBy ?? [])}: experiments are ordered by name, experiment_id, creation_time or last_update_time");
        }

        var page = ordered.Skip(offset).Take((int)max).ToList();
        return (new SearchExperimentsResponse(page, PageToken.Next(offset, page.Count, ordered.Count)), null);
    }

    private static List<MlflowExperiment>? Order(IEnumerable<MlflowExperiment> experiments, IReadOnlyList<string>? orderBy)
    {
        IOrderedEnumerable<MlflowExperiment>? ordered = null;
        foreach (var clause in orderBy ?? [])
        {
            var parts = clause.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var key = parts[0].Replace("attributes.", "", StringComparison.Ordinal).Replace("attribute.", "", StringComparison.Ordinal);
            var descending = parts.Length > 1 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            Func<MlflowExperiment, IComparable>? selector = key switch
            {
                "name" => e => e.Name,
                "experiment_id" => e => e.ExperimentId,
                "creation_time" => e => e.CreationTime,
                "last_update_time" => e => e.LastUpdateTime,
                _ => null,
            };
            if (selector is null)
            {
                return null;
            }

            ordered = ordered is null
                ? descending ? experiments.OrderByDescending(selector) : experiments.OrderBy(selector)
                : descending ? ordered.ThenByDescending(selector) : ordered.ThenBy(selector);
        }

        ordered ??= experiments.OrderByDescending(e => e.CreationTime);
        return ordered.ThenBy(e => e.ExperimentId, StringComparer.Ordinal).ToList();
    }

    private static (SearchExperimentsResponse?, string?) Fail(string error) => (null, error);
}
