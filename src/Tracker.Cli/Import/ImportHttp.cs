using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Cli.Commands;

namespace Tracker.Cli.Import;

/// <summary>Posts an import to the server and reads the answer: the result on 200, else the problem details
/// printed line by line (each error with its line number or JSON path).</summary>
public static class ImportHttp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="where">Rewrites an error's location for the reader (a JSON path into a file list).</param>
    public static async Task<T?> PostAsync<T>(CommandLine line, string pathAndQuery, HttpContent content, TextWriter error, Func<string, string>? where, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(error);
        using var http = ServerClient.Create(line, TimeSpan.FromMinutes(30));
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(pathAndQuery, UriKind.Relative), content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"tracker: cannot reach {http.BaseAddress}: {ex.Message}");
            return null;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            }

            await ReportProblemAsync(response, error, where ?? (w => w), cancellationToken);
            return null;
        }
    }

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static async Task ReportProblemAsync(HttpResponseMessage response, TextWriter error, Func<string, string> where, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            error.WriteLine($"tracker: {(int)response.StatusCode} {Text(root, "title")}");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in errors.EnumerateArray())
                {
                    error.WriteLine("  " + Describe(e, where));
                }

                if (root.TryGetProperty("errorCount", out var count) && count.GetInt32() > errors.GetArrayLength())
                {
                    error.WriteLine($"  … and {count.GetInt32() - errors.GetArrayLength()} more");
                }
            }
            else if (Text(root, "detail") is { Length: > 0 } detail)
            {
                error.WriteLine("  " + detail);
            }
        }
        catch (JsonException)
        {
            error.WriteLine($"tracker: {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
    }

    private static string Describe(JsonElement e, Func<string, string> where) =>
        e.TryGetProperty("line", out var lineNumber)
            ? $"line {lineNumber.GetInt32()}{(Text(e, "column") is { } c ? ", " + c : "")}: {Text(e, "message")}"
            : $"{where(Text(e, "field") ?? "")}: {Text(e, "message")}";

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
