using System.Text.Json.Serialization;

namespace Tracker.Domain.Studies.Curves;

/// <summary>A run's curves stored as columns sorted by step (one document per run, not one per point), so a study
/// of 100 runs × 10,000 evaluations loads as 100 documents. Per-step values, not cumulative ones: a late step is a
/// sorted insert and cumulative C and D are prefix sums at read time.</summary>
public sealed class RunCurve
{
    public Guid Id { get; set; }

    public string Study { get; set; } = "";

    public string Name { get; set; } = "";

    public double? N { get; set; }

    public string? Variant { get; set; }

    public int? BatchSize { get; set; }

    public long? UniqueSamples { get; set; }

    public bool Finished { get; set; }

    public bool Simulated { get; set; }

    /// <summary>Left out of the study's dataset by a correction (RunExcludedFromFits) until reincluded.</summary>
    public bool ExcludedFromFits { get; set; }

    public long LastSequence { get; set; }

    public List<long> Steps { get; set; } = [];

    /// <summary>FLOPs of each step: the job's own, else 6·N·tokens (NaN when neither is known). NaN is stored as the
    /// string "NaN": strict JSON has no such number, and the daemon could not store the curve of a run without N.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public List<double> Compute { get; set; } = [];

    /// <summary>Tokens of each step whose compute is 6·N·tokens (null when the job sent its own FLOPs or no tokens), so
    /// that a corrected N re-prices the compute column (ModelSizeCorrected).</summary>
    public List<double?> ComputeTokens { get; set; } = [];

    /// <summary>Prompts consumed by each step (default: the run's batch size; NaN when neither is known).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public List<double> Samples { get; set; } = [];

    public List<double?> Reward { get; set; } = [];

    public Dictionary<string, EvaluationSeries> Evaluations { get; set; } = [];
}

/// <summary>pass@1 of one held-out dataset, sorted by step.</summary>
public sealed class EvaluationSeries
{
    public List<long> Steps { get; set; } = [];

    public List<double> PassAt1 { get; set; } = [];
}
