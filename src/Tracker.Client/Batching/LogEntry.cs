using Tracker.Contracts.Runs;

namespace Tracker.Client.Batching;

/// <summary>A step or an evaluation in the order it was logged; one queue keeps the order between the two.
/// <see cref="Sequence"/> grows in queue order, which is what lets a flush know when its entries are through.</summary>
internal readonly record struct LogEntry(long Sequence, StepData? Step, EvaluationData? Evaluation);
