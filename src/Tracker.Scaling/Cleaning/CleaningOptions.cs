namespace Tracker.Scaling.Cleaning;

/// <summary>
/// How raw points become fit points. Defaults follow the paper: runs averaged per (N, step), step 0 dropped, no clipping.
/// Order: validity checks and the step range, then run averaging, then row clipping per curve.
/// </summary>
public sealed record CleaningOptions
{
    /// <summary>Average repeated runs per (N, step) (paper) or keep every run's points.</summary>
    public bool AverageRuns { get; init; } = true;

    /// <summary>Drop the first k rows of each curve (sorted by step), after averaging.</summary>
    public int WarmupClipRows { get; init; }

    /// <summary>Drop the last k rows of each curve.</summary>
    public int EndingClipRows { get; init; }

    /// <summary>Keep only steps ≥ MinStep.</summary>
    public int? MinStep { get; init; }

    /// <summary>Keep only steps ≤ MaxStep.</summary>
    public int? MaxStep { get; init; }

    /// <summary>Keep only these sizes (exact N); null keeps all.</summary>
    public IReadOnlyList<double>? Sizes { get; init; }

    public static CleaningOptions Default { get; } = new();
}
