namespace Tracker.Scaling.Crossover;

/// <summary>
/// The trained size with the lowest predicted loss at a budget. BestCovered only considers sizes whose data cover the
/// budget; IsExtrapolation is true when the overall best is not covered.
/// </summary>
public sealed record ComputeOptimalResult(
    double Budget,
    BudgetCandidate? BestCovered,
    BudgetCandidate? BestOverall,
    bool IsExtrapolation,
    IReadOnlyList<BudgetCandidate> Candidates,
    string? Note);
