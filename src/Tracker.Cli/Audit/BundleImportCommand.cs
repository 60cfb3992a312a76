using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Contracts.Audit;

namespace Tracker.Cli.Audit;

/// <summary><c>tracker import BUNDLE</c>: loads a bundle into a server (<c>POST /api/v1/import/bundle</c>), which checks
/// every hash before writing anything.</summary>
public static class BundleImportCommand
{
    public static readonly string[] Options = ["url", "token"];
    public static readonly string[] Flags = ["json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (line.Positionals is not [var path])
        {
            throw new UsageException("usage: tracker import BUNDLE [--url URL] [--token TOKEN]");
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"tracker: no such file: {path}");
            return 1;
        }

        using var http = ServerClient.Create(line, Timeout.InfiniteTimeSpan);
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue(BundleFormat.ContentType);
        using var response = await ServerProblem.SendAsync(http, h => h.PostAsync(new Uri("api/v1/import/bundle", UriKind.Relative), content, ct), error);
        if (response is null)
        {
            return 1;
        }

        if (!response.IsSuccessStatusCode)
        {
            await ServerProblem.ReportAsync(response, error, ct);
            return 1;
        }

        var result = (await response.Content.ReadFromJsonAsync<BundleImportResult>(Json, ct))!;
        await output.WriteLineAsync(line.Flag("json")
            ? JsonSerializer.Serialize(result, Json)
            : string.Create(CultureInfo.InvariantCulture,
                $"{path} → {http.BaseAddress}: study {result.Study}, {result.Events:N0} events in {result.Streams} streams imported " +
                $"({(result.SequencesPreserved ? "with their original sequence numbers" : "with new sequence numbers")}); anchor {result.Anchor}"));
        return 0;
    }
}
