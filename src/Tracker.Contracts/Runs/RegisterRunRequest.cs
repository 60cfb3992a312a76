using System.Text.Json;

namespace Tracker.Contracts.Runs;

/// <summary>Body of <c>POST /api/v1/runs</c>. Without <see cref="RunId"/> the id is derived from study and name,
/// so a retried registration never creates a second run.</summary>
public sealed record RegisterRunRequest(
    string? Study,
    string? Name,
    Guid? RunId = null,
    ModelSpec? Model = null,
    TrainingSpec? Training = null,
    JsonElement? Config = null,
    IReadOnlyDictionary<string, string>? Tags = null);
