namespace Tracker.Contracts.Runs;

/// <summary>A held-out evaluation at a step. The study's test loss is L = 1 − pass@1 on its evaluation dataset.</summary>
public sealed record EvaluationData(long Step, string Dataset, double PassAt1, int? Problems = null);
