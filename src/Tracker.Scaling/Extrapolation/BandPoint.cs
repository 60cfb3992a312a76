namespace Tracker.Scaling.Extrapolation;

/// <summary>A predicted loss with its prediction band (for one new observation) and the observed value, when there is one.</summary>
/// <param name="UsedForFit">True when the point was used to fit E(N) (compensation), so it is not a held-out check.</param>
public sealed record BandPoint(int Step, double X, double Predicted, double Lower, double Upper, double? Observed, bool UsedForFit);
