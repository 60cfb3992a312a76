namespace Tracker.Scaling.Fitting;

/// <summary>How resamples were drawn.</summary>
public enum BootstrapMethod
{
    /// <summary>Runs drawn with replacement within each size; the points kept by cleaning stay fixed.</summary>
    Runs,

    /// <summary>Points drawn with replacement within each size (used when every size has a single run).</summary>
    Points,
}

/// <summary>What the bootstrap did. Percentile intervals use only the resamples whose fit succeeded.</summary>
public sealed record BootstrapSummary(BootstrapMethod Method, int Requested, int Succeeded, int Seed, string? Note);
