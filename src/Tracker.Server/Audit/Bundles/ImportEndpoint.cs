using Microsoft.AspNetCore.Http.Features;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.Bundles;

public static class ImportEndpoint
{
    public const string MaxBytesKey = "Tracker:Audit:MaxBundleBytes";

    /// <summary>Imports a bundle (the body, JSON Lines). The body is spooled to a temporary file: it is read twice,
    /// once to check every hash and once to load.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, BundleImporter importer, IConfiguration configuration, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = configuration.GetValue(MaxBytesKey, 4L << 30);
        }

        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await http.Request.Body.CopyToAsync(file, ct);
            }

            return Results.Ok(await importer.ImportAsync(path, ct));
        }
        catch (InvalidBundleException ex)
        {
            return Problems.Invalid("bundle", ex.Message);
        }
        catch (BundleConflictException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already present", detail: ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
