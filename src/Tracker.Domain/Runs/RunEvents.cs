using System.Text.Json;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;

namespace Tracker.Domain.Runs;

// Events of a run stream (stream id = run id). Steps and evaluations are stored as the batches they arrived in:
// one event per accepted batch keeps the write path near raw COPY speed (see docs/performance.md).

/// <summary>A run joined a study. <see cref="ModelSpec.Parameters"/> holds N as resolved at registration.</summary>
public sealed record RunRegistered(
    Guid RunId,
    string Study,
    string Name,
    ModelSpec Model,
    TrainingSpec Training,
    JsonElement? Config,
    IReadOnlyDictionary<string, string> Tags,
    CommandOrigin Source);

/// <summary>Steps not stored before, in arrival order. Duplicates of stored steps never reach an event.</summary>
public sealed record StepsLogged(Guid RunId, IReadOnlyList<StepData> Steps);

/// <summary>Held-out evaluations not stored before.</summary>
public sealed record EvaluationsRecorded(Guid RunId, IReadOnlyList<EvaluationData> Evaluations);

public sealed record RunFinished(Guid RunId, RunStatus Status, string? Reason);

public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Killed,
}
