using Tracker.Server.Security.Grants;
using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Search;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Experiments;

/// <summary>experiments/get-by-name, get, create and search: what <c>mlflow.set_experiment</c> and
/// <c>mlflow.search_experiments</c> call.</summary>
public static class ExperimentEndpoints
{
    public static async Task<IResult> GetByNameAsync(HttpContext http, IQuerySession query, ExperimentDirectory experiments, CancellationToken ct)
    {
        var name = MlflowOrigin.Query(http, "experiment_name");
        if (string.IsNullOrEmpty(name))
        {
            return MlflowResults.Invalid("Missing value for required parameter 'experiment_name'. See the API docs for more information about request parameters.");
        }

        return await experiments.ByNameAsync(query, name, ct) is { } experiment
            ? MlflowResults.Ok(new GetExperimentResponse(experiment))
            : MlflowResults.NotFound($"Could not find experiment with name '{name}'");
    }

    public static async Task<IResult> GetAsync(HttpContext http, IQuerySession query, ExperimentDirectory experiments, CancellationToken ct)
    {
        var id = MlflowOrigin.Query(http, "experiment_id");
        if (string.IsNullOrEmpty(id))
        {
            return MlflowResults.Invalid("Missing value for required parameter 'experiment_id'. See the API docs for more information about request parameters.");
        }

        return await experiments.ByIdAsync(query, id, ct) is { } experiment
            ? MlflowResults.Ok(new GetExperimentResponse(experiment))
            : MlflowResults.NotFound($"No Experiment with id={id} exists");
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IQuerySession query, ExperimentDirectory experiments, ExperimentCreator creator, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateExperimentRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = body.Value!.Name?.Trim(' ');
        if (string.IsNullOrEmpty(name))
        {
            return MlflowResults.Invalid("Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
        }

        if (name.Length > MlflowBatchLimits.MaxExperimentNameLength || name.Any(char.IsControl))
        {
            return MlflowResults.Invalid($"Invalid experiment name '{name[..Math.Min(name.Length, 60)]}': at most {MlflowBatchLimits.MaxExperimentNameLength} characters, no control characters");
        }

        if (name == MlflowIds.DefaultExperimentName || !await creator.TryCreateAsync(name, MlflowOrigin.Of(http), ct))
        {
            return MlflowResults.Error(MlflowErrorCode.ResourceAlreadyExists, $"Experiment '{name}' already exists.");
        }

        return MlflowResults.Ok(new CreateExperimentResponse(MlflowIds.ExperimentId(name)));
    }

    public static async Task<IResult> SearchAsync(HttpContext http, IQuerySession query, ExperimentDirectory experiments, CancellationToken ct)
    {
        SearchExperimentsRequest request;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            request = new SearchExperimentsRequest(
                long.TryParse(MlflowOrigin.Query(http, "max_results"), out var max) ? max : null,
                MlflowOrigin.Query(http, "page_token"),
                MlflowOrigin.Query(http, "filter"),
                MlflowOrigin.QueryAll(http, "order_by"),
                MlflowOrigin.Query(http, "view_type"));
        }
        else
        {
            var body = await MlflowJson.ReadAsync<SearchExperimentsRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            request = body.Value!;
        }

        var (all, error) = ExperimentSearch.Run(request, await experiments.AllAsync(query, http.User.CanRead, ct));
        return error is not null ? MlflowResults.Invalid(error) : MlflowResults.Ok(all!);
    }
}
