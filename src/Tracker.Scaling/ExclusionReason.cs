namespace Tracker.Scaling;

/// <summary>Why a point was left out of a fit.</summary>
public enum ExclusionReason
{
    NonFinite,
    NonPositiveSize,
    NegativeStep,
    StepZero,
    NonPositiveX,
    LossNotAboveZero,
    LossNotBelowOne,
    Duplicate,
    WarmupClip,
    EndingClip,
    OutsideStepRange,
    NotInFitSizes,
}
