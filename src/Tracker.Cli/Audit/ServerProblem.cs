using System.Text.Json;

namespace Tracker.Cli.Audit;

/// <summary>Prints a refused request's problem details (status, title, detail) on the error output.</summary>
public static class ServerProblem
{
    public static async Task ReportAsync(HttpResponseMessage response, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(error);
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            await error.WriteLineAsync($"tracker: {(int)response.StatusCode} {BundleLines.Text(root, "title")}");
            if (BundleLines.Text(root, "detail") is { Length: > 0 } detail)
            {
                await error.WriteLineAsync("  " + detail);
            }
        }
        catch (JsonException)
        {
            await error.WriteLineAsync($"tracker: {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}");
        }
    }

    /// <summary>Runs a request, turning an unreachable server into a message and exit code 1 instead of a stack trace.</summary>
    public static async Task<HttpResponseMessage?> SendAsync(HttpClient http, Func<HttpClient, Task<HttpResponseMessage>> send, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await send(http);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"tracker: cannot reach {http.BaseAddress}: {ex.Message}");
            return null;
        }
    }
}
