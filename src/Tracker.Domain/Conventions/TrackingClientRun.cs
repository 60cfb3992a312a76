using System.Text.Json;

namespace Tracker.Domain.Conventions;

/// <summary>The registration config of a run created through the MLflow-compatible API:
/// <c>{ "mlflow": { "experimentId", "startTime", "userId" } }</c>. It marks the run as a tracking-client run and keeps
/// the client's own start time and user.</summary>
public static class TrackingClientRun
{
    public const string ConfigProperty = "mlflow";

    public static JsonElement Config(string experimentId, long startTime, string? userId) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            [ConfigProperty] = new Dictionary<string, object?> { ["experimentId"] = experimentId, ["startTime"] = startTime, ["userId"] = userId },
        });

    public static bool IsTrackingClientConfig(JsonElement? config) =>
        config is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty(ConfigProperty, out var mlflow) && mlflow.ValueKind == JsonValueKind.Object;

    public static long? StartTime(JsonElement? config) =>
        Section(config) is { } s && s.TryGetProperty("startTime", out var t) && t.TryGetInt64(out var ms) ? ms : null;

    public static string? UserId(JsonElement? config) =>
        Section(config) is { } s && s.TryGetProperty("userId", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;

    private static JsonElement? Section(JsonElement? config) =>
        IsTrackingClientConfig(config) ? config!.Value.GetProperty(ConfigProperty) : null;
}
