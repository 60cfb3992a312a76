namespace Tracker.Scaling.Reuse;

/// <summary>Data-reuse sweep report. LargestComparableTau is the largest τ such that it and every smaller τ are comparable with τ = 1.</summary>
public sealed record ReuseReport
{
    public required bool Succeeded { get; init; }

    public string? Reason { get; init; }

    public double N { get; init; }

    public IReadOnlyList<TauComparison> Taus { get; init; } = [];

    public double? LargestComparableTau { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<ExcludedPoint> Excluded { get; init; } = [];
}
