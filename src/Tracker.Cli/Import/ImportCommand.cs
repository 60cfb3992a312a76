using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Contracts.Import;

namespace Tracker.Cli.Import;

public static class ImportCommand
{
    public static readonly string[] Options = ["url", "study"];
    public static readonly string[] Flags = ["json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary><c>tracker import paper-csv FILE --study S</c>: posts the file and prints what was stored, or every
    /// error the server found (with line numbers) when it refused the file.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (line.Positionals.Count != 2 || line.Positionals[0] != "paper-csv")
        {
            throw new UsageException("usage: tracker import paper-csv FILE --study NAME [--url URL]");
        }

        var path = line.Positionals[1];
        var study = line.Option("study")?.Trim();
        if (string.IsNullOrEmpty(study))
        {
            throw new UsageException("--study NAME is required: the study the runs of the file join");
        }

        if (!File.Exists(path))
        {
            error.WriteLine($"tracker: no such file: {path}");
            return 1;
        }

        var url = line.Url();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-Tracker-Client", "tracker-cli");
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri($"api/v1/import/paper-csv?study={Uri.EscapeDataString(study)}", UriKind.Relative), content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"tracker: cannot reach {url}: {ex.Message}");
            return 1;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var result = (await response.Content.ReadFromJsonAsync<PaperCsvImportResult>(Json, cancellationToken))!;
                output.WriteLine(line.Flag("json") ? JsonSerializer.Serialize(result, Json) : Describe(path, result));
                return 0;
            }

            await ReportProblemAsync(response, error, cancellationToken);
            return 1;
        }
    }

    public static string Describe(string path, PaperCsvImportResult r) =>
        $"{path} → study {r.Study}: {r.RunsInFile} runs in {r.Rows} rows"
        + (r.SupersededRows > 0 ? $" ({r.SupersededRows} repeated steps, the last row of each kept)" : "")
        + $"; stored {r.Runs} new runs, {r.Steps} steps, {r.Evaluations} evaluations; {r.Duplicates} already stored";

    private static async Task ReportProblemAsync(HttpResponseMessage response, TextWriter error, CancellationToken cancellationToken)
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
                    error.WriteLine("  " + Describe(e));
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

    private static string Describe(JsonElement e) =>
        e.TryGetProperty("line", out var lineNumber)
            ? $"line {lineNumber.GetInt32()}{(Text(e, "column") is { } c ? ", " + c : "")}: {Text(e, "message")}"
            : $"{Text(e, "field")}: {Text(e, "message")}";

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
