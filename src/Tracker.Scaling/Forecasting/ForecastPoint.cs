namespace Tracker.Scaling.Forecasting;

/// <summary>A forecast step with its prediction interval; X is extrapolated when the step has not been reached.</summary>
public sealed record ForecastPoint(int Step, double X, bool XExtrapolated, double Predicted, double Lower, double Upper, double? Observed);
