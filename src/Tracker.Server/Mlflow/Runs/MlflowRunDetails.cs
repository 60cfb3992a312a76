using Tracker.Domain.Runs;

namespace Tracker.Server.Mlflow.Runs;

/// <summary>A run as the MLflow API shows it, kept inline with the run stream (so a client reads its own writes):
/// identity, status, parameters, tags and the latest value of each metric it logged. Native runs have one too
/// (found by experiment search), with the metrics the MLflow API logged only.</summary>
public sealed class MlflowRunDetails
{
    public Guid Id { get; set; }

    public string Study { get; set; } = "";

    public string ExperimentId { get; set; } = "";

    public string RunName { get; set; } = "";

    public string? UserId { get; set; }

    /// <summary>RUNNING, FINISHED, FAILED or KILLED.</summary>
    public string Status { get; set; } = MlflowRunStatus.Running;

    public long StartTime { get; set; }

    public long? EndTime { get; set; }

    public Dictionary<string, string> Params { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];

    public Dictionary<string, LatestMetric> Metrics { get; set; } = [];
}

/// <summary>The latest value of a metric: the one at the highest step, then the latest timestamp, then the largest value
/// (MLflow's SQL store order).</summary>
public sealed class LatestMetric
{
    public double? Value { get; set; }

    public string? NonFinite { get; set; }

    public long Timestamp { get; set; }

    public long Step { get; set; }

    public double AsDouble() => new MetricPoint("", Step, Timestamp, Value, NonFinite).AsDouble();

    public static LatestMetric From(MetricPoint p) => new() { Value = p.Value, NonFinite = p.NonFinite, Timestamp = p.Timestamp, Step = p.Step };

    /// <summary>Whether <paramref name="p"/> comes after this value in MLflow's "latest" order.</summary>
    public bool IsBefore(MetricPoint p) =>
        (p.Step, p.Timestamp).CompareTo((Step, Timestamp)) is var order && (order > 0 || (order == 0 && Compare(p.AsDouble(), AsDouble()) > 0));

    private static int Compare(double a, double b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : -1) : double.IsNaN(b) ? 1 : a.CompareTo(b);
}

public static class MlflowRunStatus
{
    public const string Running = "RUNNING";
    public const string Scheduled = "SCHEDULED";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Killed = "KILLED";

    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Completed => Finished,
        RunStatus.Failed => Failed,
        RunStatus.Killed => Killed,
        _ => Running,
    };

    /// <summary>Tracker's final status name for an MLflow terminal status; null for RUNNING and SCHEDULED.</summary>
    public static string? FinalStatus(string status) => status switch
    {
        Finished => "completed",
        Failed => "failed",
        Killed => "killed",
        _ => null,
    };

    public static bool IsKnown(string status) => status is Running or Scheduled or Finished or Failed or Killed;
}
