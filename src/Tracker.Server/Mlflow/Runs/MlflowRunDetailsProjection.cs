using JasperFx.Events;
using Marten.Events.Aggregation;
using Tracker.Domain.Conventions;
using Tracker.Domain.Runs;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Runs;

/// <summary>Inline projection of <see cref="MlflowRunDetails"/>. It takes no step batches (the native ingestion path
/// never touches it), only registration, finish and the tracking-client events. Methods must stay public.</summary>
public sealed class MlflowRunDetailsProjection : SingleStreamProjection<MlflowRunDetails, Guid>
{
    public const string RunNameTag = "mlflow.runName";
    public const string UserTag = "mlflow.user";

    public static MlflowRunDetails Create(IEvent<RunRegistered> e)
    {
        var registered = e.Data;
        return new MlflowRunDetails
        {
            Id = registered.RunId,
            Study = registered.Study,
            ExperimentId = MlflowIds.ExperimentId(registered.Study),
            RunName = registered.Tags.GetValueOrDefault(RunNameTag) ?? registered.Name,
            UserId = TrackingClientRun.UserId(registered.Config) ?? registered.Tags.GetValueOrDefault(UserTag) ?? registered.Source.User,
            StartTime = TrackingClientRun.StartTime(registered.Config) ?? e.Timestamp.ToUnixTimeMilliseconds(),
            Tags = new Dictionary<string, string>(registered.Tags),
        };
    }

    public static void Apply(RunParamsLogged e, MlflowRunDetails run)
    {
        foreach (var (key, value) in e.Params)
        {
            run.Params[key] = value;
        }
    }

    public static void Apply(RunTagged e, MlflowRunDetails run)
    {
        foreach (var (key, value) in e.Tags)
        {
            run.Tags[key] = value;
        }

        if (e.Tags.TryGetValue(RunNameTag, out var name))
        {
            run.RunName = name;
        }
    }

    public static void Apply(MetricsLogged e, MlflowRunDetails run)
    {
        foreach (var point in e.Points)
        {
            if (!run.Metrics.TryGetValue(point.Key, out var latest) || latest.IsBefore(point))
            {
                run.Metrics[point.Key] = LatestMetric.From(point);
            }
        }
    }

    public static void Apply(IEvent<RunFinished> e, MlflowRunDetails run)
    {
        run.Status = MlflowRunStatus.Of(e.Data.Status);
        run.EndTime = e.Timestamp.ToUnixTimeMilliseconds();
    }
}
