namespace Tracker.Scaling.Crossover;

/// <summary>A trained size's predicted loss at a budget; Covered when the budget lies within that size's data range.</summary>
public sealed record BudgetCandidate(double N, double PredictedLoss, bool Covered, double XMin, double XMax);
