namespace Tracker.Scaling.Reuse;

/// <summary>
/// Overfitting check over a window: the held-out loss trend (slope per step, t statistic) and, when the reward is known,
/// the training-reward slope. Flagged when the loss rises significantly while the reward rises (or, without reward,
/// when the loss rises significantly).
/// </summary>
public sealed record OverfitFlag(bool Flagged, int WindowStart, int WindowEnd, double LossSlope, double LossSlopeT, double? RewardSlope, string Reason);
