using Tracker.Contracts.Mlflow;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Runs;

public static class MlflowRunMapping
{
    public static MlflowRun ToMlflow(this MlflowRunDetails run) => new(run.ToInfo(), new MlflowRunData(
        run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MlflowMetric(m.Key, m.Value.AsDouble(), m.Value.Timestamp, m.Value.Step)).ToList(),
        Pairs(run.Params),
        Pairs(run.Tags)));

    public static MlflowRunInfo ToInfo(this MlflowRunDetails run)
    {
        var id = MlflowIds.RunId(run.Id);
        return new MlflowRunInfo(id, id, run.RunName, run.ExperimentId, run.UserId, run.Status, run.StartTime, run.EndTime,
            MlflowIds.ArtifactUri(run.ExperimentId, run.Id), "active");
    }

    private static List<MlflowKeyValue> Pairs(Dictionary<string, string> values) =>
        values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new MlflowKeyValue(p.Key, p.Value)).ToList();
}
