namespace Tracker.Domain.Import;

/// <summary>One valid data row of a paper CSV. <see cref="Metrics"/> holds the numeric values of the columns the
/// import does not interpret (other evaluation sets, response length …), kept as step metrics.</summary>
public sealed record PaperCsvRow(
    int Line,
    double ModelParams,
    string RunId,
    double SliceFactor,
    long Step,
    double Tokens,
    double? StepFlops,
    double HoldoutScore,
    int? RolloutN,
    string? ExperimentName,
    IReadOnlyDictionary<string, double> Metrics);
