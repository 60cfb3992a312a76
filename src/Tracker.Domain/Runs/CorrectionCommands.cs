using Tracker.Contracts.Messaging;

namespace Tracker.Domain.Runs;

// Corrections are audited administrative commands written straight through the run writer (no bus): they are rare,
// and each carries the origin whose User becomes the correction's author.

public sealed record InvalidateEvaluation(Guid RunId, long Step, string Dataset, string Reason, CommandOrigin Origin);

public sealed record ExcludeRunFromFits(Guid RunId, string Reason, CommandOrigin Origin);

public sealed record ReincludeRunInFits(Guid RunId, string Reason, CommandOrigin Origin);

public sealed record CorrectModelSize(Guid RunId, double Parameters, string Reason, CommandOrigin Origin);
