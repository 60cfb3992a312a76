using System.Text.Json;
using Marten;
using Tracker.Server.Mlflow.Experiments;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Wire;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Mlflow.Access;

/// <summary>Access for MLflow calls, which name their target in the query or the JSON body: a run id, an experiment
/// id or an experiment name. The calls MLflow's logging client makes (create, log, update, and the lookups it does
/// first: experiments/get-by-name, experiments/get, runs/get) are allowed with a write token; searches and metric
/// history need read. Answers are MLflow errors (PERMISSION_DENIED, RESOURCE_DOES_NOT_EXIST, RESOURCE_ALREADY_EXISTS).</summary>
public sealed class MlflowAccessFilter(ProjectAccess access, ExperimentDirectory experiments, IQuerySession query) : IEndpointFilter
{
    private static readonly HashSet<string> LoggerLookups = new(StringComparer.Ordinal) { "experiments.get-by-name", "experiments.get", "runs.get" };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<MlflowCall>() is not { } call || call.Name == "not-found")
        {
            return await next(context);
        }

        var scopes = call.Writes ? [Scope.Write] : LoggerLookups.Contains(call.Name) ? new[] { Scope.Read, Scope.Write } : [Scope.Read];
        var target = await MlflowTarget.ReadAsync(http);
        AccessDecision? decision = null;
        foreach (var scope in scopes)
        {
            decision = await DecideAsync(http, call, target, scope);
            if (decision.Status != StatusCodes.Status403Forbidden)
            {
                break;
            }
        }

        return decision!.Allowed ? await next(context) : Refusal(decision);
    }

    private async Task<AccessDecision> DecideAsync(HttpContext http, MlflowCall call, MlflowTarget target, Scope scope)
    {
        if (target.RunId is { } runId)
        {
            return await access.ForRunAsync(http, runId, scope);
        }

        var creating = call.Name == "experiments.create";
        if (target.ExperimentName is { Length: > 0 } name)
        {
            return await access.ForStudyAsync(http, name, scope, creating);
        }

        foreach (var id in target.ExperimentIds)
        {
            // An id of no study: the handler answers RESOURCE_DOES_NOT_EXIST as MLflow does.
            if (await experiments.StudyOfAsync(query, id, http.RequestAborted) is { } study)
            {
                var decision = await access.ForStudyAsync(http, study, scope, creating);
                if (!decision.Allowed)
                {
                    return decision;
                }
            }
        }

        return await access.AnywhereAsync(http, scope);
    }

    private static IResult Refusal(AccessDecision decision) => decision.Status switch
    {
        StatusCodes.Status404NotFound => MlflowResults.NotFound(decision.Detail ?? "not found"),
        StatusCodes.Status409Conflict => MlflowResults.Error(MlflowErrorCode.ResourceAlreadyExists, decision.Detail ?? "taken"),
        StatusCodes.Status403Forbidden => MlflowResults.Error(MlflowErrorCode.PermissionDenied, decision.Detail ?? "forbidden"),
        _ => MlflowResults.Invalid(decision.Detail ?? "invalid"),
    };
}

/// <summary>What an MLflow call is about, from its query string or its JSON body (which stays readable for the handler).</summary>
public sealed record MlflowTarget(Guid? RunId, string? ExperimentName, IReadOnlyList<string> ExperimentIds)
{
    private const int MaxInspectedBody = 2 * 1024 * 1024;

    public static async Task<MlflowTarget> ReadAsync(HttpContext http)
    {
        string? run = MlflowOrigin.Query(http, "run_id") ?? MlflowOrigin.Query(http, "run_uuid");
        string? name = MlflowOrigin.Query(http, "experiment_name");
        var ids = MlflowOrigin.QueryAll(http, "experiment_id").Concat(MlflowOrigin.QueryAll(http, "experiment_ids")).ToList();
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.ContentLength is null or <= MaxInspectedBody)
        {
            http.Request.EnableBuffering();
            try
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
                if (body.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = body.RootElement;
                    run ??= Text(root, "run_id") ?? Text(root, "run_uuid");
                    name ??= Text(root, "experiment_name") ?? (http.Request.Path.Value?.EndsWith("experiments/create", StringComparison.Ordinal) == true ? Text(root, "name") : null);
                    if (Text(root, "experiment_id") is { } id)
                    {
                        ids.Add(id);
                    }

                    if (root.TryGetProperty("experiment_ids", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        ids.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                    }
                }
            }
            catch (JsonException)
            {
                // Malformed bodies are the handler's to refuse, with MLflow's message.
            }
            finally
            {
                http.Request.Body.Position = 0;
            }
        }

        return new(MlflowBatchReader.RunIdOf(run, null), name, ids);
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
