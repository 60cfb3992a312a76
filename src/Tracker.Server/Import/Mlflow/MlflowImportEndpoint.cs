using Tracker.Domain.Import.Mlflow;
using Tracker.Domain.Validation;
using Tracker.Server.Import.Sources;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Studies;

namespace Tracker.Server.Import.Mlflow;

public static class MlflowImportEndpoint
{
    /// <summary><c>POST /api/v1/studies/{study}/import/mlflow</c> with one mlflow-export-import <c>run.json</c> (or a
    /// JSON array of them, an exported experiment) as the body. Every run is checked first: a malformed document is a
    /// 400 naming the JSON path of each error, a conflict with stored data a 409, and nothing is written then.
    /// Options in the query (modelSize, model, batchSize, rolloutN, uniqueSamples, status, lossDataset) win over the
    /// runs' parameters; <c>status</c> replaces the runs' own.</summary>
    public static async Task<IResult> HandleAsync(string study, HttpContext http, SourceImport import, StudyQueries queries, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var query = RunImportQuery.Read(http.Request.Query, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (!IsJson(http.Request.ContentType))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"send the run.json itself (or a JSON array of run.json documents) as the body with Content-Type application/json, got '{http.Request.ContentType}'");
        }

        var body = await ImportBody.ReadAsync(http, ImportModule.MaxCsvBytes(configuration), cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var content = body.Content!;
        var file = MlflowExport.Parse(content.GetBuffer().AsSpan(0, (int)content.Length), SourceImport.MaxListedErrors);
        return await import.ImportAsync(http, study.Trim(' '), MlflowExport.Format, file, query, queries, cancellationToken);
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }
}
