using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tracker.Server.Infrastructure.Http;

/// <summary>Reads a request body as <typeparamref name="T"/> and turns every way it can fail into a precise 4xx.</summary>
public static partial class JsonBody
{
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, TrackerJson.Options, cancellationToken);
            return value is null
                ? new BodyResult<T>(null, Problems.Invalid("$", "the body must be a JSON object"))
                : new BodyResult<T>(value, null);
        }
        catch (JsonException ex)
        {
            var syntax = ex.InnerException?.GetType().Name == "JsonReaderException" || ex.Path is null;
            return new BodyResult<T>(null, Problems.Invalid(syntax ? "$" : Field(ex.Path), Describe(ex)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new BodyResult<T>(null, Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Body too large",
                detail: "the request body exceeds the server's limit (Tracker:Ingestion:MaxRequestBodyBytes); send smaller batches"));
        }
    }

    private static string Field(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "missing required propert" + message[(message.IndexOf("missing required propert", StringComparison.Ordinal) + 24)..].Split(". Path")[0];
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            // For a constructor parameter the reader names the enclosing record; the inner message has the real reason.
            var inner = ex.InnerException?.Message ?? "";
            var token = TokenType().Match(inner);
            return inner.Contains("Int64", StringComparison.Ordinal) || inner.Contains("Int32", StringComparison.Ordinal) ? "wrong type: expected an integer"
                : token.Success && token.Groups[2].Value == "number" ? $"wrong type: expected a number, got {Article(token.Groups[1].Value)} (NaN, Infinity and quoted numbers are not accepted)"
                : token.Success ? $"wrong type: expected {Article(token.Groups[2].Value)}, got {Article(token.Groups[1].Value)}"
                : "wrong type: expected " + Friendly(TypeName().Match(message).Groups[1].Value);
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullab", StringComparison.OrdinalIgnoreCase))
        {
            return "must not be null";
        }

        // Syntax errors: keep the reader's own words, without the type names.
        return "malformed JSON: " + message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ')
            + (ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine})" : "");
    }

    private static string Friendly(string typeName) => typeName switch
    {
        // Containers first: their names mention their element types.
        var t when t.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        var t when t.Contains("List", StringComparison.Ordinal) || t.Contains("[]", StringComparison.Ordinal) => "an array",
        var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => "a finite number",
        var t when t.Contains("Int", StringComparison.Ordinal) => "an integer",
        var t when t.Contains("String", StringComparison.Ordinal) => "a string",
        var t when t.Contains("Guid", StringComparison.Ordinal) => "a UUID string",
        var t when t.Contains("DateTime", StringComparison.Ordinal) => "an ISO 8601 date-time string",
        _ => "an object",
    };

    private static string Article(string tokenType) => tokenType.ToLowerInvariant() switch
    {
        "string" => "a string",
        "number" => "a number",
        "startobject" => "an object",
        "startarray" => "an array",
        "true" or "false" => "a boolean",
        "null" => "null",
        var other => other,
    };

    [GeneratedRegex(@"token type '(\w+)' as an? (\w+)")]
    private static partial Regex TokenType();

    [GeneratedRegex(@"converted to ([^\s.]+(?:\.[^\s.]+)*)")]
    private static partial Regex TypeName();
}

public readonly record struct BodyResult<T>(T? Value, IResult? Problem)
    where T : class;
