using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tracker.Server.Infrastructure.Http;

/// <summary>The API's JSON rules: camelCase, strict numbers (no "NaN" strings, no numbers in strings),
/// required constructor parameters and nullable annotations enforced, so a wrong type is a 400, never a default.</summary>
public static class TrackerJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 32;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return UseGeneratedMetadata(options);
    }

    /// <summary>Generated metadata first for the hot types, reflection for the rest.</summary>
    public static JsonSerializerOptions UseGeneratedMetadata(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(TrackerJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
        return options;
    }
}
