using System.Globalization;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Contracts.Audit;

namespace Tracker.Cli.Audit;

/// <summary><c>tracker export --study S -o BUNDLE</c>: downloads the study's bundle from the server
/// (<c>GET /api/v1/studies/{study}/export</c>) and prints its manifest. The file appears only when complete.</summary>
public static class ExportCommand
{
    public static readonly string[] Options = ["url", "token", "study", "output"];
    public static readonly string[] Flags = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><c>-o FILE</c> is <c>--output FILE</c>.</summary>
    public static IReadOnlyList<string> Aliases(IEnumerable<string> args) => args.Select(a => a == "-o" ? "--output" : a).ToList();

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var study = line.Option("study")?.Trim();
        if (string.IsNullOrEmpty(study) || line.Positionals.Count > 0)
        {
            throw new UsageException("usage: tracker export --study NAME [-o BUNDLE] [--url URL] [--token TOKEN]");
        }

        var path = line.Option("output") ?? $"{study}.tracker-bundle.jsonl";
        using var http = ServerClient.Create(line, Timeout.InfiniteTimeSpan);
        using var response = await ServerProblem.SendAsync(
            http, h => h.GetAsync(new Uri($"api/v1/studies/{Uri.EscapeDataString(study)}/export", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct), error);
        if (response is null)
        {
            return 1;
        }

        if (!response.IsSuccessStatusCode)
        {
            await ServerProblem.ReportAsync(response, error, ct);
            return 1;
        }

        var partial = path + ".partial";
        await using (var file = File.Create(partial))
        {
            await response.Content.CopyToAsync(file, ct);
        }

        if (LastLine(partial) is not { } manifest)
        {
            File.Delete(partial);
            await error.WriteLineAsync("tracker: the server's bundle ended without its manifest (the export was cut short); nothing written");
            return 1;
        }

        File.Move(partial, path, overwrite: true);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{path}: study {manifest.Study}, {manifest.Events:N0} events in {manifest.Streams} streams (sequences {manifest.FirstSequence}–{manifest.LastSequence}), " +
            $"chains {(manifest.Verified ? "verified" : "NOT verified")} by {manifest.ToolVersion}; anchor {manifest.Anchor}"));
        return manifest.Verified ? 0 : 1;
    }

    /// <summary>The manifest, if the file's last line is one.</summary>
    private static BundleManifest? LastLine(string path)
    {
        BundleManifest? manifest = null;
        foreach (var (_, bytes) in BundleLines.RawLines(path))
        {
            manifest = null;
            if (bytes.Span.IndexOf("\"kind\":\"manifest\""u8) >= 0)
            {
                try
                {
                    manifest = JsonSerializer.Deserialize<BundleManifest>(bytes.Span, Json);
                }
                catch (JsonException)
                {
                    manifest = null;
                }
            }
        }

        return manifest;
    }
}
