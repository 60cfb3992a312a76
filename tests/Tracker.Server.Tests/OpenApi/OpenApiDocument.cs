using System.Text.Json;

namespace Tracker.Server.Tests.OpenApi;

/// <summary>Reads an OpenAPI document the way a client generator would: operations by path and method, schemas by
/// following <c>$ref</c> into <c>components.schemas</c>.</summary>
public sealed class OpenApiDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public IEnumerable<(string Path, string Method, JsonElement Operation)> Operations =>
        Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => (path.Name, method.Name.ToUpperInvariant(), method.Value)));

    public JsonElement Operation(string method, string path) =>
        Root.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());

    public JsonElement RequestSchema(string method, string path, string contentType = "application/json") =>
        Resolve(Operation(method, path).GetProperty("requestBody").GetProperty("content").GetProperty(contentType).GetProperty("schema"));

    public JsonElement ResponseSchema(string method, string path, int status, string contentType = "application/json") =>
        Resolve(Operation(method, path).GetProperty("responses").GetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("content").GetProperty(contentType).GetProperty("schema"));

    /// <summary>The schema itself: <c>$ref</c> followed, and a nullable wrapper (<c>oneOf</c>/<c>anyOf</c> with null) opened.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (true)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!.Split('/')[^1];
                schema = Root.GetProperty("components").GetProperty("schemas").GetProperty(name);
                continue;
            }

            foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (schema.TryGetProperty(combinator, out var options))
                {
                    var real = options.EnumerateArray().Where(o => !IsNull(o)).ToList();
                    if (real.Count == 1)
                    {
                        schema = real[0];
                        goto next;
                    }
                }
            }

            return schema;
        next:;
        }
    }

    public JsonElement Property(JsonElement schema, string name) => Resolve(Resolve(schema).GetProperty("properties").GetProperty(name));

    public IReadOnlyList<string> PropertyNames(JsonElement schema) =>
        [.. Resolve(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    /// <summary>The schema's JSON types (a 3.1 type is a string or an array such as ["number", "null"]).</summary>
    public static IReadOnlyList<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];

    private static bool IsNull(JsonElement schema) => Types(schema) is ["null"];
}
