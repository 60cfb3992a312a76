using Microsoft.AspNetCore.Http.Features;

namespace Tracker.Server.Import;

/// <summary>Reads a whole imported file (the request body) into memory up to a limit: the file must be checked
/// completely before anything is written, and the parsers read synchronously, which Kestrel does not allow on the
/// request stream.</summary>
public static class ImportBody
{
    public static async Task<ImportBodyResult> ReadAsync(HttpContext http, long maxBytes, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return TooLarge($"the file has {http.Request.ContentLength} bytes", maxBytes);
        }

        // The import has its own limit, which may be above the one for JSON batches.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        var content = new MemoryStream();
        var buffer = new byte[81_920];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (content.Length + read > maxBytes)
                {
                    await content.DisposeAsync();
                    return TooLarge("the file is larger", maxBytes);
                }

                content.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await content.DisposeAsync();
            return TooLarge("the file is larger", maxBytes);
        }

        content.Position = 0;
        return new ImportBodyResult(content, null);
    }

    private static ImportBodyResult TooLarge(string what, long maxBytes) =>
        new(null, Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "File too large",
            detail: $"{what} than the import limit of {maxBytes} bytes ({ImportModule.MaxCsvBytesKey}); split it by run and import the parts"));
}

public readonly record struct ImportBodyResult(MemoryStream? Content, IResult? Problem);
