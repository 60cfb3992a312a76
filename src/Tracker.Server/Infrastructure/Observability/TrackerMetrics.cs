using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tracker.Domain.Runs;

namespace Tracker.Server.Infrastructure.Observability;

/// <summary>Tracker's own instruments, on the meter "Tracker" (names in docs/operations.md, "Observability"). One
/// instance per host, made through <see cref="IMeterFactory"/>, so a disposed test server takes its meter with it.</summary>
public sealed class TrackerMetrics
{
    public const string MeterName = "Tracker";

    private readonly Counter<long> _ingested;
    private readonly Histogram<double> _commandDuration;
    private readonly Histogram<double> _fitDuration;

    public TrackerMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _ingested = Meter.CreateCounter<long>("tracker.ingest.records", "{record}",
            "Steps, evaluations and MLflow metric points stored (duplicates not counted), by kind.");
        _commandDuration = Meter.CreateHistogram<double>("tracker.command.duration", "s",
            "Time to handle a run command (validation, the run lock and the commit), by command and HTTP-like status.");
        _fitDuration = Meter.CreateHistogram<double>("tracker.fit.duration", "s",
            "Time of one live refit of a study (both axes, warnings, the FitComputed append), by outcome.");
    }

    public Meter Meter { get; }

    /// <summary>Counts what the events just committed to a run stream carry.</summary>
    public void Appended(IReadOnlyList<object> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case StepsLogged steps:
                    _ingested.Add(steps.Steps.Count, new KeyValuePair<string, object?>("kind", "step"));
                    break;
                case EvaluationsRecorded evaluations:
                    _ingested.Add(evaluations.Evaluations.Count, new KeyValuePair<string, object?>("kind", "evaluation"));
                    break;
                case MetricsLogged metrics:
                    _ingested.Add(metrics.Points.Count, new KeyValuePair<string, object?>("kind", "metric"));
                    break;
            }
        }
    }

    public void CommandHandled(string command, int status, long startedTimestamp) =>
        _commandDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("command", command),
            new KeyValuePair<string, object?>("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary><paramref name="outcome"/>: "fitted", "waiting" (the curves had not caught up) or "failed".</summary>
    public void FitFinished(string outcome, long startedTimestamp) =>
        _fitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
