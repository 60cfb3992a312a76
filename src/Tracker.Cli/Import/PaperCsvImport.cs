using System.Net.Http.Headers;
using Tracker.Cli.Commands;
using Tracker.Contracts.Import;

namespace Tracker.Cli.Import;

/// <summary><c>tracker import paper-csv FILE --study S</c>: a CSV in the format of the paper's analysis code.</summary>
public static class PaperCsvImport
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = line.Positionals[1];
        var study = ImportCommand.Study(line);
        if (!File.Exists(path))
        {
            error.WriteLine($"tracker: no such file: {path}");
            return 1;
        }

        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var result = await ImportHttp.PostAsync<PaperCsvImportResult>(line, $"api/v1/import/paper-csv?study={Uri.EscapeDataString(study)}", content, error, null, cancellationToken);
        if (result is null)
        {
            return 1;
        }

        output.WriteLine(line.Flag("json") ? ImportHttp.ToJson(result) : Describe(path, result));
        return 0;
    }

    public static string Describe(string path, PaperCsvImportResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"{path} → study {r.Study}: {r.RunsInFile} runs in {r.Rows} rows"
            + (r.SupersededRows > 0 ? $" ({r.SupersededRows} repeated steps, the last row of each kept)" : "")
            + $"; stored {r.Runs} new runs, {r.Steps} steps, {r.Evaluations} evaluations; {r.Duplicates} already stored";
    }
}
