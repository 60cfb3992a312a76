using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Saturation;

/// <summary>Saturation of k(N). ΔAIC = AIC(free-k) − AIC(saturating): positive favours the saturating form.</summary>
public sealed record SaturationReport
{
    public required bool Succeeded { get; init; }

    public string? Reason { get; init; }

    public ParameterEstimate? Kmax { get; init; }

    public ParameterEstimate? N0 { get; init; }

    public IReadOnlyList<SaturationLevel> Levels { get; init; } = [];

    public IReadOnlyList<SizeSaturation> Sizes { get; init; } = [];

    public double? AicSaturating { get; init; }

    public double? AicFreeK { get; init; }

    public double? DeltaAic { get; init; }

    /// <summary>"saturating", "free-k", or "indistinguishable" (|ΔAIC| ≤ 2).</summary>
    public string Preferred { get; init; } = "unknown";

    public required FitResult Saturating { get; init; }

    public FitResult? FreeK { get; init; }
}
