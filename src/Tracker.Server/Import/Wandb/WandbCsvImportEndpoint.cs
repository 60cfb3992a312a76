using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Import.Wandb;
using Tracker.Domain.Validation;
using Tracker.Server.Import.Sources;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Studies;

namespace Tracker.Server.Import.Wandb;

public static class WandbCsvImportEndpoint
{
    /// <summary><c>POST /api/v1/studies/{study}/import/wandb-csv?run=NAME</c> with one run's W&amp;B history CSV as the
    /// body (text/csv), or as multipart/form-data with the parts <c>history</c> (the CSV) and <c>config</c> (the run's
    /// config as JSON). The run is finished as completed unless <c>status</c> says otherwise. Other options as for
    /// the MLflow import, plus <c>stepColumn</c>. Malformed rows are a 400 listing line numbers; nothing is written then.</summary>
    public static async Task<IResult> HandleAsync(string study, HttpContext http, SourceImport import, StudyQueries queries, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var run = RunImportQuery.Text(http.Request.Query, "run");
        if (run is null)
        {
            errors.Add(new ValidationError("run", "is required: the run's name in the study (…/import/wandb-csv?run=NAME)"));
        }

        var query = RunImportQuery.Read(http.Request.Query, errors, defaultStatus: "completed");
        var stepColumn = RunImportQuery.Text(http.Request.Query, "stepColumn");
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var upload = await ReadUploadAsync(http, ImportModule.MaxCsvBytes(configuration), cancellationToken);
        if (upload.Problem is not null)
        {
            return upload.Problem;
        }

        var fileErrors = new ImportErrors(SourceImport.MaxListedErrors);
        var config = upload.Config is { } json ? WandbConfig.Flatten(json, fileErrors) : [];
        if (fileErrors.Count > 0)
        {
            return Problems.Invalid([.. fileErrors.Listed]);
        }

        SourceFile file;
        using (var reader = new StreamReader(upload.History!, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            file = WandbHistoryCsv.Parse(reader, run!, config, stepColumn, SourceImport.MaxListedErrors);
        }

        return await import.ImportAsync(http, study.Trim(' '), WandbHistoryCsv.Format, file, query, queries, cancellationToken);
    }

    private static async Task<Upload> ReadUploadAsync(HttpContext http, long maxBytes, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            if (!IsCsv(http.Request.ContentType))
            {
                return new Upload(null, null, Results.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported media type",
                    detail: $"send the history CSV as the body with Content-Type text/csv, or multipart/form-data with the parts history and config, got '{http.Request.ContentType}'"));
            }

            var body = await ImportBody.ReadAsync(http, maxBytes, cancellationToken);
            return new Upload(body.Content, null, body.Problem);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes }, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is BadHttpRequestException bad && bad.StatusCode == StatusCodes.Status413PayloadTooLarge))
        {
            return new Upload(null, null, ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) || ex is BadHttpRequestException
                ? Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large", detail: $"the upload is larger than the import limit of {maxBytes} bytes ({ImportModule.MaxCsvBytesKey})")
                : Problems.Invalid("$", "malformed multipart/form-data body: " + ex.Message));
        }

        if (form.Files.GetFile("history") is not { } history)
        {
            return new Upload(null, null, Problems.Invalid("history", "is required: the part holding the W&B history CSV"));
        }

        var content = new MemoryStream();
        await history.CopyToAsync(content, cancellationToken);
        content.Position = 0;
        byte[]? config = null;
        if (form.Files.GetFile("config") is { } configFile)
        {
            using var configContent = new MemoryStream();
            await configFile.CopyToAsync(configContent, cancellationToken);
            config = configContent.ToArray();
        }
        else if (form.TryGetValue("config", out var configText) && configText.FirstOrDefault() is { Length: > 0 } text)
        {
            config = Encoding.UTF8.GetBytes(text);
        }

        return new Upload(content, config, null);
    }

    // Scripts send CSV as text/csv, text/plain or a generic binary upload; JSON is a mistake worth naming.
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

    private sealed record Upload(MemoryStream? History, byte[]? Config, IResult? Problem);
}
