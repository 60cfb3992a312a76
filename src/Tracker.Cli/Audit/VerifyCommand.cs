using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Contracts.Audit;

namespace Tracker.Cli.Audit;

/// <summary><c>tracker verify BUNDLE</c> recomputes a bundle's hash chains offline; <c>tracker verify --url U
/// [--study S | --stream ID]</c> asks a server to recompute its own. Exit code 1 when anything does not match.</summary>
public static class VerifyCommand
{
    public static readonly string[] Options = ["url", "token", "study", "stream"];
    public static readonly string[] Flags = ["json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return line.Positionals switch
        {
            [var path] when line.Option("study") is null && line.Option("stream") is null && line.Option("url") is null => VerifyBundle(path, line.Flag("json"), output, error),
            [] => await VerifyServerAsync(line, output, error, ct),
            _ => throw new UsageException("usage: tracker verify BUNDLE | tracker verify [--url URL] [--study NAME | --stream ID]"),
        };
    }

    private static int VerifyBundle(string path, bool json, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"tracker: no such file: {path}");
            return 1;
        }

        BundleCheck check;
        try
        {
            check = BundleVerifier.Check(path);
        }
        catch (BundleFormatException ex)
        {
            error.WriteLine($"tracker: {path}: MISMATCH: {ex.Message}");
            return 1;
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(check, Json));
        }
        else
        {
            Describe(path, check, output);
        }

        return check.Ok ? 0 : 1;
    }

    public static void Describe(string path, BundleCheck check, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(output);
        var rate = check.Seconds > 0 ? check.Events / check.Seconds : 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: study {check.Header?.Study}, exported {check.Header?.ExportedAt:u} by {check.Header?.ToolVersion}; {check.Events:N0} events in {check.Streams} streams checked in {check.Seconds:0.00} s ({rate:N0} events/s)"));
        foreach (var (line, b) in check.Breaks)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MISMATCH line {line}: stream {b.StreamId}, version {b.Version}, sequence {b.Sequence}, type {b.Type}: {b.Reason}"));
            output.WriteLine($"  stored hash     {b.StoredHash ?? "(none)"}");
            output.WriteLine($"  recomputed hash {b.ExpectedHash ?? "(not computed)"}");
        }

        foreach (var problem in check.Problems)
        {
            output.WriteLine("MISMATCH " + problem);
        }

        if (check.UnhashedEvents > 0)
        {
            output.WriteLine($"MISMATCH {check.UnhashedEvents} events carry no hash: they cannot be verified");
        }

        output.WriteLine(check.Ok
            ? $"OK: every hash chain verifies and the manifest matches; anchor {check.Anchor}"
            : $"FAILED: {check.Breaks.Count} broken streams, {check.Problems.Count} manifest problems; anchor of the events {check.Anchor}");
    }

    private static async Task<int> VerifyServerAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var query = (line.Option("study"), line.Option("stream")) switch
        {
            ({ } study, null) => $"?study={Uri.EscapeDataString(study)}",
            (null, { } stream) => Guid.TryParse(stream, out var id) ? $"?stream={id}" : throw new UsageException($"--stream must be a stream id (a uuid), got '{stream}'"),
            (null, null) => "",
            _ => throw new UsageException("give either --study or --stream, not both"),
        };
        using var http = ServerClient.Create(line, TimeSpan.FromMinutes(30));
        using var response = await ServerProblem.SendAsync(http, h => h.GetAsync(new Uri("api/v1/audit/verify" + query, UriKind.Relative), ct), error);
        if (response is null)
        {
            return 1;
        }

        if (!response.IsSuccessStatusCode)
        {
            await ServerProblem.ReportAsync(response, error, ct);
            return 1;
        }

        var report = (await response.Content.ReadFromJsonAsync<VerifyReport>(Json, ct))!;
        if (line.Flag("json"))
        {
            output.WriteLine(JsonSerializer.Serialize(report, Json));
            return report.Ok ? 0 : 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{http.BaseAddress} {report.Scope}: {report.Events:N0} events in {report.Streams} streams checked in {report.Seconds:0.00} s ({report.EventsPerSecond:N0} events/s)"));
        foreach (var b in report.Breaks)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MISMATCH stream {b.StreamId}, version {b.Version}, sequence {b.Sequence}, type {b.Type}: {b.Reason}"));
            output.WriteLine($"  stored hash     {b.StoredHash ?? "(none)"}");
            output.WriteLine($"  recomputed hash {b.ExpectedHash ?? "(not computed)"}");
        }

        if (report.UnhashedEvents > 0)
        {
            output.WriteLine($"note: {report.UnhashedEvents} events were stored before the store had hash chains");
        }

        output.WriteLine(report.Ok ? $"OK: every hash chain verifies; anchor {report.Anchor}" : $"FAILED: {report.Breaks.Count} broken streams; anchor {report.Anchor}");
        return report.Ok ? 0 : 1;
    }
}
