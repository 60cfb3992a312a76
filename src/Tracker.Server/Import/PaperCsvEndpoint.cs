using System.Text;
using Tracker.Domain.Import;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Import;

public static class PaperCsvEndpoint
{
    private const int MaxListedErrors = 20;

    /// <summary><c>POST /api/v1/import/paper-csv?study=S</c> with the CSV as the body (text/csv). The whole file is
    /// checked first: any malformed row is a 400 listing up to 20 errors with their line numbers, and a conflict
    /// with stored data a 409; nothing is written then. A 200 means every run, step and evaluation is stored.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, PaperCsvImporter importer, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var study = http.Request.Query["study"].FirstOrDefault()?.Trim(' ') ?? "";
        if (study.Length == 0)
        {
            return Problems.Invalid("study", "is required: POST /api/v1/import/paper-csv?study=NAME");
        }

        if (!IsCsv(http.Request.ContentType))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"send the file itself as the body with Content-Type text/csv, got '{http.Request.ContentType}'");
        }

        var body = await ImportBody.ReadAsync(http, ImportModule.MaxCsvBytes(configuration), cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        PaperCsvFile file;
        using (var reader = new StreamReader(body.Content!, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            file = PaperCsv.Parse(reader, MaxListedErrors);
        }

        if (!file.IsValid)
        {
            return Rejected(file);
        }

        var runs = PaperCsvCommands.Build(file, study, RequestOrigin.Of(http));
        var invalid = PaperCsvCommands.Validate(runs);
        if (invalid.Count > 0)
        {
            return Problems.Invalid(invalid);
        }

        var conflicts = await importer.FindConflictsAsync(runs, MaxListedErrors, cancellationToken);
        if (conflicts.Count > 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflicts with stored runs",
                detail: "nothing was imported: " + string.Join("; ", conflicts),
                extensions: new Dictionary<string, object?> { ["conflicts"] = conflicts });
        }

        var origin = RequestOrigin.Of(http);
        var metadata = new EventMetadata(origin.CorrelationId, "paper-csv-import:" + Guid.NewGuid().ToString("N"), origin);
        try
        {
            return Results.Ok(await importer.ImportAsync(file, study, runs, metadata, cancellationToken));
        }
        catch (ImportConflictException ex)
        {
            return Results.Problem(
                statusCode: ex.Outcome.Status,
                title: ex.Outcome.Title,
                detail: $"{ex.Outcome.Detail}; another writer changed a run during the import. What was stored is kept; importing the file again completes it (stored rows come back as duplicates)");
        }
    }

    private static IResult Rejected(PaperCsvFile file) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid CSV",
            detail: $"{file.ErrorCount} error{(file.ErrorCount == 1 ? "" : "s")} in the file, nothing was imported: "
                + string.Join("; ", file.Errors)
                + (file.ErrorCount > file.Errors.Count ? $"; and {file.ErrorCount - file.Errors.Count} more" : ""),
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = file.Errors,
                ["errorCount"] = file.ErrorCount,
            });

    // Scripts send CSV as text/csv, text/plain or a generic binary upload; JSON or a form is a mistake worth naming.
    private static bool IsCsv(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var media = contentType.Split(';')[0].Trim();
        return media.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/csv", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
    }
}
