using Tracker.Contracts.Runs;

namespace Tracker.Domain.Runs;

// Events of runs logged through a tracking-client API (the MLflow-compatible one): what the client sent, kept as sent,
// next to what Tracker derived from it by convention (RunSpecDerived here; StepsLogged and EvaluationsRecorded too).

/// <summary>Parameters new to the run. Parameters are write-once: a key is never logged again with another value.</summary>
public sealed record RunParamsLogged(Guid RunId, IReadOnlyDictionary<string, string> Params);

/// <summary>Tags set on the run (the last value of a key wins). A run's first tags come with <see cref="RunRegistered"/>.</summary>
public sealed record RunTagged(Guid RunId, IReadOnlyDictionary<string, string> Tags);

/// <summary>Metric points as the client logged them in one request: every point, also those that became steps or
/// evaluations, so the client's own view (latest values, histories) is served from them exactly.</summary>
public sealed record MetricsLogged(Guid RunId, IReadOnlyList<MetricPoint> Points);

/// <summary>One logged value of a metric at a step. <see cref="Timestamp"/> is the client's time in Unix milliseconds.
/// A non-finite value is kept by name in <see cref="NonFinite"/> ("NaN", "Infinity" or "-Infinity") with no
/// <see cref="Value"/>: JSON has no such numbers.</summary>
public sealed record MetricPoint(string Key, long Step, long Timestamp, double? Value = null, string? NonFinite = null)
{
    public double AsDouble() => Value ?? NonFinite switch
    {
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.NaN,
    };

    public static MetricPoint Of(string key, long step, long timestamp, double value) =>
        double.IsFinite(value)
            ? new MetricPoint(key, step, timestamp, value)
            : new MetricPoint(key, step, timestamp, NonFinite: double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
}

/// <summary>The model and training shape in force after the run's parameters were read by convention (veRL, TRL or the
/// study's own mapping). <see cref="FromParams"/> names the parameters they were derived from.</summary>
public sealed record RunSpecDerived(Guid RunId, ModelSpec Model, TrainingSpec Training, IReadOnlyList<string> FromParams);
