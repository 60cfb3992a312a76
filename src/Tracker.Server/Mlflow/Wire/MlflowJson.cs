using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tracker.Server.Mlflow.Wire;

/// <summary>MLflow's JSON (protobuf JSON mapping): snake_case names (lowerCamelCase accepted too), int64 as numbers or
/// strings, doubles as numbers or "NaN"/"Infinity"/"-Infinity", unknown fields ignored, unset fields omitted.</summary>
public static class MlflowJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        MaxDepth = 32,
    };

    /// <summary>Reads a request body of at most <paramref name="maxBytes"/> bytes; an empty body is an empty message.</summary>
    public static async Task<MlflowBody<T>> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return new MlflowBody<T>(null, MlflowResults.Invalid(TooLarge(request.ContentLength.Value, maxBytes)));
        }

        using var buffer = new MemoryStream();
        try
        {
            await CopyAsync(request.Body, buffer, maxBytes, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return new MlflowBody<T>(null, MlflowResults.Invalid(TooLarge(null, maxBytes)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new MlflowBody<T>(null, MlflowResults.Invalid(TooLarge(null, maxBytes)));
        }

        return Parse<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static MlflowBody<T> Parse<T>(ReadOnlySpan<byte> utf8)
        where T : class
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            utf8 = "{}"u8;
        }

        try
        {
            var node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            if (node is not JsonObject root)
            {
                return new MlflowBody<T>(null, MlflowResults.Error(MlflowErrorCode.BadRequest, "the request body must be a JSON object"));
            }

            var value = SnakeCase(root).Deserialize<T>(Options);
            return value is null
                ? new MlflowBody<T>(null, MlflowResults.Error(MlflowErrorCode.BadRequest, "the request body must be a JSON object"))
                : new MlflowBody<T>(value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : "";
            return new MlflowBody<T>(null, MlflowResults.Invalid($"malformed request{where}: {ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ')}"));
        }
    }

    /// <summary>Protobuf's JSON parser takes lowerCamelCase names as well as the proto's own snake_case.</summary>
    private static JsonNode SnakeCase(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj.ToList())
                {
                    obj.Remove(name);
                    var key = ToSnake(name);
                    if (!copy.ContainsKey(key))
                    {
                        copy[key] = value is null ? null : SnakeCase(value);
                    }
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array.ToList())
                {
                    array.Remove(item);
                    items.Add(item is null ? null : SnakeCase(item));
                }

                return items;
            default:
                return node;
        }
    }

    private static string ToSnake(string name)
    {
        if (!name.Any(char.IsUpper))
        {
            return name;
        }

        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                text.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static async Task CopyAsync(Stream body, MemoryStream buffer, long maxBytes, CancellationToken cancellationToken)
    {
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static string TooLarge(long? bytes, long maxBytes) =>
        $"the request must be at most {maxBytes} bytes" + (bytes is { } b ? $", got {b}" : "") + "; split it into smaller requests";
}

public sealed record MlflowBody<T>(T? Value, IResult? Problem)
    where T : class;
