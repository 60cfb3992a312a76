using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracker.Client.Http;

/// <summary>The wire format of API v1: camelCase JSON. Nulls are left out: for the server an absent optional field
/// and a null one mean the same, and a batch of 1,000 sparse steps shrinks a lot.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
