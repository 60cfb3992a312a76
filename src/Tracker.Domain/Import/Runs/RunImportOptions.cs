namespace Tracker.Domain.Import.Runs;

/// <summary>What the person importing knows better than the file: each value given here wins over what the
/// conventions read from the run's parameters. <see cref="Status"/> finishes runs whose source has none
/// (a W&amp;B history has no state): completed, failed, killed, or running to leave them open.</summary>
public sealed record RunImportOptions(
    double? ModelParameters = null,
    string? ModelName = null,
    int? BatchSize = null,
    int? RolloutN = null,
    long? UniqueSamples = null,
    string? Status = null)
{
    public static RunImportOptions None { get; } = new();
}
