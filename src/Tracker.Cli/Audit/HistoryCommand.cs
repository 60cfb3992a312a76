using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Contracts.Runs;

namespace Tracker.Cli.Audit;

/// <summary><c>tracker history --study S | --run R</c>: the events with who, what, when and where, from the server's
/// history endpoints (<c>/api/v1/studies/{s}/history</c>, <c>/api/v1/audit/streams/{id}/events</c>), page by page.</summary>
public static class HistoryCommand
{
    public static readonly string[] Options = ["url", "token", "study", "run", "type", "from", "to", "limit"];
    public static readonly string[] Flags = ["study-only", "json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (study, run) = (line.Option("study"), line.Option("run"));
        if ((study is null) == (run is null) || line.Positionals.Count > 0)
        {
            throw new UsageException("usage: tracker history (--study NAME [--study-only] | --run ID) [--type T,…] [--from TIME] [--to TIME] [--limit N] [--url URL] [--json]");
        }

        var limit = line.WholeNumber("limit", int.MaxValue, 1, int.MaxValue);
        var filter = Filter(line);
        using var http = ServerClient.Create(line, TimeSpan.FromMinutes(5));
        long? next = 1;
        var printed = 0;
        if (!line.Flag("json"))
        {
            await output.WriteLineAsync("sequence  stream                                version  time (ingested, UTC)          type                   user         client            host              correlation");
        }

        while (next is { } from && printed < limit)
        {
            var page = Math.Min(1000, limit - printed);
            var uri = study is not null
                ? $"api/v1/studies/{Uri.EscapeDataString(study)}/history?includeRuns={(line.Flag("study-only") ? "false" : "true")}&fromSequence={from}&limit={page}{filter}"
                : $"api/v1/audit/streams/{RunId(run!)}/events?fromVersion={from}&limit={page}{filter}";
            using var response = await ServerProblem.SendAsync(http, h => h.GetAsync(new Uri(uri, UriKind.Relative), ct), error);
            if (response is null)
            {
                return 1;
            }

            if (!response.IsSuccessStatusCode)
            {
                await ServerProblem.ReportAsync(response, error, ct);
                return 1;
            }

            var events = (await response.Content.ReadFromJsonAsync<EventPage<RunEventView>>(Json, ct))!;
            foreach (var e in events.Items)
            {
                await output.WriteLineAsync(line.Flag("json") ? JsonSerializer.Serialize(e, Json) : Row(e));
            }

            printed += events.Items.Count;
            next = study is not null ? events.NextFromSequence : events.NextFromVersion;
        }

        return 0;
    }

    public static string Row(RunEventView e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Create(CultureInfo.InvariantCulture,
            $"{e.Sequence,-9} {e.StreamId,-37} {e.Version,-8} {e.Timestamp.UtcDateTime,-29:yyyy-MM-dd HH:mm:ss.ffffff} {e.Type,-22} {e.User ?? "-",-12} {Header(e, "client"),-17} {Header(e, "host"),-17} {e.CorrelationId ?? "-"}");
    }

    private static string Header(RunEventView e, string name) => e.Headers.TryGetValue(name, out var value) ? value : "-";

    private static string Filter(CommandLine line)
    {
        var query = "";
        foreach (var name in new[] { "type", "from", "to" })
        {
            if (line.Option(name) is { } value)
            {
                query += $"&{name}={Uri.EscapeDataString(value)}";
            }
        }

        return query;
    }

    private static Guid RunId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw new UsageException($"--run must be a run id (a uuid), got '{text}'");
}
