using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Access;
using Tracker.Server.Mlflow.Access;
using JasperFx.Events.Projections;
using Marten;
using Tracker.Domain.Conventions;
using Tracker.Domain.Runs;
using Tracker.Server.Mlflow.Conventions;
using Tracker.Server.Mlflow.Experiments;
using Tracker.Server.Mlflow.History;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Runs;
using Tracker.Server.Mlflow.Search;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow;

// MLflow-compatible tracking API (MLflow REST 2.0, what the Python client 2.x/3.x calls for metric logging), served under
// /mlflow/api/2.0/mlflow/… (MLFLOW_TRACKING_URI=http://host:port/mlflow) and /api/2.0/mlflow/… (the server's root).
// Experiments are studies, runs are Tracker runs; every write goes through the run writer (RunWriter) like the native API.
//
// Write calls (each endpoint carries MlflowCall metadata with Writes = true):
//   POST experiments/create, runs/create, runs/update, runs/log-batch, runs/log-metric, runs/log-parameter, runs/set-tag
//   PUT  /api/v1/studies/{study}/conventions
// Read calls:
//   GET  experiments/get-by-name, experiments/get, experiments/search (also POST), runs/get, metrics/get-history
//   POST runs/search
//   GET  /api/v1/studies/{study}/conventions
// Anything else under the MLflow prefixes answers 404 ENDPOINT_NOT_FOUND (what MLflow answers for calls it lacks).
// Endpoint names: "mlflow.<call>" under /mlflow, "mlflow.<call>.root" under the root prefix.
public static class MlflowModule
{
    public const string Prefix = "/mlflow/api/2.0/mlflow";
    public const string RootPrefix = "/api/2.0/mlflow";

    public static IHostApplicationBuilder AddMlflowModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ExperimentDirectory>();
        builder.Services.AddSingleton<ExperimentCreator>();
        builder.Services.AddSingleton<MlflowRunWriter>();
        builder.Services.AddSingleton<MlflowLogging>();
        builder.Services.AddSingleton<ConventionsReader>();
        builder.Services.AddSingleton<LossDatasetAutoMapper>();
        builder.Services.AddSingleton<MetricHistoryReader>();
        builder.Services.ConfigureMarten(options =>
        {
            options.Events.AddEventType<RunParamsLogged>();
            options.Events.AddEventType<RunTagged>();
            options.Events.AddEventType<MetricsLogged>();
            options.Events.AddEventType<RunSpecDerived>();
            options.Events.AddEventType<ConventionsMapped>();
            options.Projections.Add<MlflowRunDetailsProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<StudyConventionsProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<MlflowRunDetails>().Index(x => x.Study);
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapMlflowEndpoints(this IEndpointRouteBuilder app)
    {
        // Access: a signed-in caller reaches the MLflow calls; MlflowAccessFilter then checks the run or experiment named.
        MapCalls(app.MapGroup(Prefix).WithTags("MLflow").RequireAccess(Scope.Read, Resource.Delegated).AddEndpointFilter<MlflowAccessFilter>(), "");
        MapCalls(app.MapGroup(RootPrefix).WithTags("MLflow").ExcludeFromDescription().RequireAccess(Scope.Read, Resource.Delegated).AddEndpointFilter<MlflowAccessFilter>(), ".root");

        var conventions = app.MapGroup("/api/v1/studies/{study}/conventions").WithTags("Studies");
        conventions.MapGet("", ConventionsEndpoints.GetAsync).WithName("mlflow.conventions.get").WithMetadata(new MlflowCall("conventions.get", Writes: false))
            .RequireAccess(Scope.Read, Resource.Study);
        conventions.MapPut("", ConventionsEndpoints.PutAsync).WithName("mlflow.conventions.put").WithMetadata(new MlflowCall("conventions.put", Writes: true))
            .RequireAccess(Scope.Admin, Resource.Study);
        return app;
    }

    private static void MapCalls(RouteGroupBuilder group, string suffix)
    {
        void Call(RouteHandlerBuilder endpoint, string call, bool writes)
        {
            endpoint.WithName($"mlflow.{call}{suffix}").WithMetadata(new MlflowCall(call, writes));
            if (writes)
            {
                endpoint.RequireRateLimiting(AccessRules.WritePolicy);
            }
        }

        Call(group.MapGet("experiments/get-by-name", ExperimentEndpoints.GetByNameAsync), "experiments.get-by-name", writes: false);
        Call(group.MapGet("experiments/get", ExperimentEndpoints.GetAsync), "experiments.get", writes: false);
        Call(group.MapPost("experiments/create", ExperimentEndpoints.CreateAsync), "experiments.create", writes: true);
        Call(group.MapPost("experiments/search", ExperimentEndpoints.SearchAsync), "experiments.search", writes: false);
        Call(group.MapGet("experiments/search", ExperimentEndpoints.SearchAsync), "experiments.search.get", writes: false);
        Call(group.MapPost("runs/create", CreateRunEndpoint.HandleAsync), "runs.create", writes: true);
        Call(group.MapPost("runs/update", UpdateRunEndpoint.HandleAsync), "runs.update", writes: true);
        Call(group.MapGet("runs/get", GetRunEndpoint.HandleAsync), "runs.get", writes: false);
        Call(group.MapPost("runs/log-batch", LogEndpoints.LogBatchAsync), "runs.log-batch", writes: true);
        Call(group.MapPost("runs/log-metric", LogEndpoints.LogMetricAsync), "runs.log-metric", writes: true);
        Call(group.MapPost("runs/log-parameter", LogEndpoints.LogParamAsync), "runs.log-parameter", writes: true);
        Call(group.MapPost("runs/set-tag", LogEndpoints.SetTagAsync), "runs.set-tag", writes: true);
        Call(group.MapPost("runs/search", SearchRunsEndpoint.HandleAsync), "runs.search", writes: false);
        Call(group.MapGet("metrics/get-history", MetricHistoryEndpoint.HandleAsync), "metrics.get-history", writes: false);
        Call(group.Map("{**rest}", (string rest) => MlflowResults.Error(MlflowErrorCode.EndpointNotFound, $"MLflow call '{rest}' is not served by Tracker")), "not-found", writes: false);
    }
}
