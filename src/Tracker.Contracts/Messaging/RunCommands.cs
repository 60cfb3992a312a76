using System.Text.Json;
using Tracker.Contracts.Runs;

namespace Tracker.Contracts.Messaging;

// Commands travel on the bus as whole batches: one message per HTTP request, never one per step
// (per-step messages cap ingestion at a few thousand steps per second).

/// <summary>Where a command came from, recorded on every event it causes: the client program, the host it ran on,
/// the user or token behind it, and the correlation id that ties a request to all it caused. <paramref name="Project"/>
/// is the project the caller writes into: a study created by the command belongs to it (null: the default project).</summary>
public sealed record CommandOrigin(string? Client = null, string? Host = null, string? User = null, string? CorrelationId = null, string? Project = null);

public sealed record RegisterRun(
    Guid RunId,
    string Study,
    string Name,
    ModelSpec Model,
    TrainingSpec Training,
    JsonElement? Config,
    IReadOnlyDictionary<string, string> Tags,
    CommandOrigin Origin);

public sealed record LogSteps(Guid RunId, IReadOnlyList<StepData> Steps, CommandOrigin Origin);

public sealed record RecordEvaluations(Guid RunId, IReadOnlyList<EvaluationData> Evaluations, CommandOrigin Origin);

public sealed record FinishRun(Guid RunId, string Status, string? Reason, CommandOrigin Origin);
