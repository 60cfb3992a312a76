namespace Tracker.Server.Audit.Rebuild;

public static class RebuildCheckEndpoint
{
    /// <summary>Rebuilds every run summary, run curve and study summary from the events and reports each stored document
    /// that differs, field by field. Reads only; 200 either way (<c>identical</c> says whether they all match).</summary>
    public static async Task<IResult> HandleAsync(RebuildChecker checker, CancellationToken ct) =>
        Results.Ok(await checker.CheckAsync(ct));
}
