using System.Globalization;
using Marten;
using Tracker.Contracts.Mlflow;
using Tracker.Contracts.Runs;
using Tracker.Domain.Conventions;
using Tracker.Domain.Identity;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;
using Tracker.Server.Mlflow.Experiments;
using Tracker.Server.Mlflow.Logging;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Runs;

/// <summary>runs/create registers a Tracker run in the experiment's study. The run id is derived from the experiment,
/// run name, start time, user and tags, so a create retried after a timeout answers the run it made the first time.</summary>
public static class CreateRunEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, IQuerySession query, ExperimentDirectory experiments, MlflowRunWriter writer, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateRunRequest>(http.Request, MlflowBatchLimits.MaxRequestBytes, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var experimentId = string.IsNullOrEmpty(request.ExperimentId) ? MlflowIds.DefaultExperimentId : request.ExperimentId;
        if (await experiments.StudyOfAsync(query, experimentId, ct) is not { } study)
        {
            return MlflowResults.NotFound($"No Experiment with id={experimentId} exists");
        }

        var (tags, tagError) = Tags(request.Tags);
        if (tagError is not null)
        {
            return MlflowResults.Invalid(tagError);
        }

        var runName = string.IsNullOrEmpty(request.RunName) ? null : request.RunName;
        if (tags.TryGetValue(MlflowRunDetailsProjection.RunNameTag, out var tagged) && runName is not null && tagged != runName)
        {
            return MlflowResults.Invalid($"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='{runName}', mlflow.runName='{tagged}').");
        }

        runName ??= tagged;
        var startTime = request.StartTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var runId = RunIdOf(experimentId, runName, startTime, request.UserId, tags);
        var name = runName ?? $"run-{MlflowIds.RunId(runId)[..8]}";
        tags[MlflowRunDetailsProjection.RunNameTag] = name;

        var origin = MlflowOrigin.Of(http);
        var command = new Contracts.Messaging.RegisterRun(runId, study, name, new ModelSpec(), new TrainingSpec(),
            TrackingClientRun.Config(experimentId, startTime, request.UserId), tags, origin);
        var errors = RunInputValidator.Validate(command);
        if (errors.Count > 0)
        {
            return MlflowResults.Invalid(string.Join("; ", errors));
        }

        var outcome = await writer.ExecuteAsync(runId, origin, ledger => RunDecider.Register(ledger, command), ct);
        if (!outcome.Succeeded)
        {
            return MlflowResults.From(outcome);
        }

        var run = await query.LoadAsync<MlflowRunDetails>(runId, ct);
        return MlflowResults.Ok(new GetRunResponse(run!.ToMlflow()));
    }

    /// <summary>Same experiment, name, start time, user and tags: the same run.</summary>
    public static Guid RunIdOf(string experimentId, string? runName, long startTime, string? userId, IReadOnlyDictionary<string, string> tags) =>
        DeterministicGuid.Create("mlflow-run", string.Join('\u001e',
            experimentId,
            runName ?? "",
            startTime.ToString(CultureInfo.InvariantCulture),
            userId ?? "",
            string.Join('\u001f', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value))));

    private static (Dictionary<string, string> Tags, string? Error) Tags(IReadOnlyList<MlflowKeyValueInput?>? tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tags is { Count: > MlflowBatchLimits.MaxTags })
        {
            return (result, $"A run can be created with at most {MlflowBatchLimits.MaxTags} tags, got {tags.Count}");
        }

        for (var i = 0; i < (tags?.Count ?? 0); i++)
        {
            if (tags![i] is not { } tag)
            {
                return (result, $"'tags[{i}]' must be an object with key and value");
            }

            if (MlflowBatchReader.KeyProblem(tag.Key, $"tags[{i}].key") is { } error)
            {
                return (result, error);
            }

            var value = tag.Value ?? "";
            result[tag.Key!] = value.Length > MlflowBatchLimits.MaxTagValueLength ? value[..MlflowBatchLimits.MaxTagValueLength] : value;
        }

        return (result, null);
    }
}
