namespace Tracker.Scaling;

/// <summary>A point that was not used, with the reason in words.</summary>
public sealed record ExcludedPoint(ScalingPoint Point, ExclusionReason Reason, string Detail);
