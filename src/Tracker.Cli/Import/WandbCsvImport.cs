using System.Net.Http.Headers;
using Tracker.Cli.Commands;
using Tracker.Contracts.Import;

namespace Tracker.Cli.Import;

/// <summary><c>tracker import wandb-csv FILE --study S --run NAME [--config FILE] …</c>: one run's W&amp;B history CSV,
/// with the run's config (JSON) as a sidecar part when given; the run options say what the file does not.</summary>
public static class WandbCsvImport
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = line.Positionals[1];
        var study = ImportCommand.Study(line);
        var run = line.Option("run")?.Trim();
        if (string.IsNullOrEmpty(run))
        {
            throw new UsageException("--run NAME is required: the run's name in the study (a W&B history CSV does not carry it)");
        }

        var config = line.Option("config");
        foreach (var file in new[] { path, config }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                error.WriteLine($"tracker: no such file: {file}");
                return 1;
            }
        }

        using var content = Content(path, config);
        var query = ImportQuery.Build(line, ("run", run), ("stepColumn", line.Option("step-column")));
        var result = await ImportHttp.PostAsync<RunImportResult>(line, $"api/v1/studies/{Uri.EscapeDataString(study)}/import/wandb-csv{query}", content, error, null, cancellationToken);
        if (result is null)
        {
            return 1;
        }

        output.WriteLine(line.Flag("json") ? ImportHttp.ToJson(result) : ImportQuery.Describe(path, result));
        return 0;
    }

    /// <summary>The CSV as the body, or with a config both as multipart parts named history and config.</summary>
    private static HttpContent Content(string history, string? config)
    {
        var csv = new StreamContent(File.OpenRead(history));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        if (config is null)
        {
            return csv;
        }

        var json = new StreamContent(File.OpenRead(config));
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new MultipartFormDataContent
        {
            { csv, "history", Path.GetFileName(history) },
            { json, "config", Path.GetFileName(config) },
        };
    }
}
