namespace Tracker.Domain.Import.Runs;

/// <summary>A run as another tracker recorded it, before any Tracker meaning is given to its names: parameters and
/// tags as text, and one row of metrics per step (per-key series merged by step; the last value logged for a key and
/// step wins, as a resumed job logs again the steps after its checkpoint).</summary>
/// <param name="SourceId">The run's id in the other tracker (MLflow run id, W&amp;B run name).</param>
/// <param name="Name">The run's name in Tracker.</param>
/// <param name="Status">completed, failed or killed; null while the source run was still running.</param>
public sealed record SourceRun(
    string SourceId,
    string Name,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<SourceStep> Steps,
    string? Status);

/// <summary>The metrics logged at one step, with the latest time any of them was logged.</summary>
public sealed record SourceStep(long Step, DateTimeOffset? Time, IReadOnlyDictionary<string, double> Metrics);
