using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Tracker.Cli.Commands;
using Tracker.Contracts.Import;

namespace Tracker.Cli.Import;

/// <summary><c>tracker import mlflow DIR|FILE --study S</c>: a run.json written by mlflow-export-import, or a directory
/// (export-run, export-experiment, export-experiments) whose run.json files are all sent in one request, so the
/// server checks them all before writing any. Errors name the file they are in.</summary>
public static partial class MlflowImport
{
    public const string RunFile = "run.json";

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = line.Positionals[1];
        var study = ImportCommand.Study(line);
        var files = RunFiles(path);
        if (files is null)
        {
            error.WriteLine($"tracker: no such file or directory: {path}");
            return 1;
        }

        if (files.Count == 0)
        {
            error.WriteLine($"tracker: no {RunFile} under {path} (mlflow-export-import writes one per exported run)");
            return 1;
        }

        using var content = new ByteArrayContent(await BodyAsync(files, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var query = ImportQuery.Build(line);
        var result = await ImportHttp.PostAsync<RunImportResult>(
            line, $"api/v1/studies/{Uri.EscapeDataString(study)}/import/mlflow{query}", content, error, w => InFile(w, files), cancellationToken);
        if (result is null)
        {
            return 1;
        }

        output.WriteLine(line.Flag("json") ? ImportHttp.ToJson(result) : ImportQuery.Describe(path, result));
        return 0;
    }

    /// <summary>The run files to send: the file itself, or every run.json under the directory in path order; null
    /// when the path does not exist.</summary>
    public static List<string>? RunFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        return Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path, RunFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : null;
    }

    /// <summary>One file as is; several as a JSON array of their contents (the server reads either).</summary>
    public static async Task<byte[]> BodyAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 1)
        {
            return await File.ReadAllBytesAsync(files[0], cancellationToken);
        }

        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        for (var i = 0; i < files.Count; i++)
        {
            if (i > 0)
            {
                body.Write(",\n"u8);
            }

            var bytes = await File.ReadAllBytesAsync(files[i], cancellationToken);
            var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            body.Write(bytes, start, bytes.Length - start);
        }

        body.WriteByte((byte)']');
        return body.ToArray();
    }

    /// <summary><c>$[2].mlflow.info</c> → <c>exp/run-c/run.json: $.mlflow.info</c> when several files were sent.</summary>
    public static string InFile(string where, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 1)
        {
            return where.StartsWith('$') ? $"{files[0]}: {where}" : where;
        }

        var match = ArrayIndex().Match(where);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index < files.Count
            ? $"{files[index]}: ${where[match.Length..]}"
            : where;
    }

    [GeneratedRegex(@"^\$\[(\d+)\]")]
    private static partial Regex ArrayIndex();
}
