using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Experiments;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Runs;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Search;

/// <summary>runs/search (<c>mlflow.search_runs</c>): the runs of the given experiments that pass the filter, ordered,
/// a page at a time (max_results, default 1,000, at most 50,000; page_token).</summary>
public static class SearchRunsEndpoint
{
    public const int DefaultMaxResults = 1_000;
    public const int MaxResults = 50_000;

    public static async Task<IResult> HandleAsync(HttpContext http, IQuerySession query, ExperimentDirectory experiments, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SearchRunsRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var max = request.MaxResults ?? DefaultMaxResults;
        if (max is < 1 or > MaxResults)
        {
            return MlflowResults.Invalid($"Invalid value {max} for parameter 'max_results' supplied. It must be at most {MaxResults}, and at least 1.");
        }

        if (!PageToken.TryRead(request.PageToken, out var offset))
        {
            return MlflowResults.Invalid($"Invalid page token '{request.PageToken}'");
        }

        var (clauses, error) = SearchFilter.Parse(request.Filter);
        error ??= clauses.Select(RunMatcher.Problem).FirstOrDefault(p => p is not null);
        if (error is not null)
        {
            return MlflowResults.Invalid(error);
        }

        var studies = new List<string>();
        foreach (var experimentId in request.ExperimentIds ?? [])
        {
            if (await experiments.StudyOfAsync(query, experimentId, ct) is { } study)
            {
                studies.Add(study);
            }
        }

        var runs = studies.Count == 0 || request.RunViewType is "DELETED_ONLY"
            ? []
            : await query.Query<MlflowRunDetails>().Where(r => studies.Contains(r.Study)).ToListAsync(ct);
        var (ordered, orderError) = RunOrder.Sort(runs.Where(r => RunMatcher.Matches(r, clauses)), request.OrderBy);
        if (orderError is not null)
        {
            return MlflowResults.Invalid(orderError);
        }

        var page = ordered.Skip(offset).Take(max).Select(r => r.ToMlflow()).ToList();
        return MlflowResults.Ok(new SearchRunsResponse(page, PageToken.Next(offset, page.Count, ordered.Count)));
    }
}
