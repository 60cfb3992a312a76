using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Tracker.Bench.Ingest;

/// <summary>How fast the async daemon catches up on events it has never seen: RUNS runs × STEPS steps are posted to a
/// node without the daemon (Tracker__Daemon=Disabled), then a node with the daemon starts and is timed until every
/// shard has reached the store's last sequence. The baseline is reading the same events' JSON through Npgsql.</summary>
public static class ProjectionCatchUp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The async shards Tracker registers (StudiesModule): the run curves and the study change subscription.</summary>
    private static readonly string[] Shards = ["RunCurve:All", "StudyChangeSubscription:All"];

    public static async Task RunAsync(BenchOptions options, int runs, int steps)
    {
        await using var database = await BenchDatabase.CreateAsync(options.Postgres);
        var load = await LoadAsync(database.ConnectionString, runs, steps, options.BatchSize);
        var lastSequence = await ScalarAsync(database.ConnectionString, "select max(seq_id) from tracker.mt_events");
        var readBefore = await ReadEventsAsync(database.ConnectionString);

        var launched = Stopwatch.StartNew();
        await using var server = await ServerProcess.StartAsync(database.ConnectionString);
        var startup = launched.Elapsed.TotalSeconds;
        var caughtUp = await WaitForShardsAsync(database.ConnectionString, lastSequence, launched);
        var readAfter = await ReadEventsAsync(database.ConnectionString);

        var baseline = (readBefore + readAfter) / 2;
        var fromLaunch = lastSequence / caughtUp;
        var fromReady = lastSequence / (caughtUp - startup);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {runs} runs × {steps} steps ({options.BatchSize} steps per StepsLogged, an evaluation per batch): {lastSequence:N0} events in {load:F1} s through the API without the daemon ({lastSequence / load:N0} events/s)"));
        Console.WriteLine("| what | events | seconds | events/s | ratio to reading them |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("read every event's JSON through Npgsql (before)", lastSequence, readBefore, baseline);
        Row("read every event's JSON through Npgsql (after)", lastSequence, readAfter, baseline);
        Row($"projection catch-up, from launching the node (ready after {startup:F1} s)", lastSequence, caughtUp, baseline);
        Row("projection catch-up, from the node being ready", lastSequence, caughtUp - startup, baseline);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catch-up {fromLaunch:N0} events/s from launch, {fromReady:N0} events/s ({(long)runs * steps / (caughtUp - startup):N0} steps/s) from ready (the daemon may start before the node reports ready); ingestion without the daemon was {lastSequence / load:N0} events/s"));
    }

    private static void Row(string what, long events, double seconds, double baselineSeconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {events:N0} | {seconds:F2} | {events / seconds:N0} | {baselineSeconds / seconds:F2} |"));

    /// <summary>Posts the study through a node that never projects asynchronously; returns the seconds it took.</summary>
    private static async Task<double> LoadAsync(string connectionString, int runs, int steps, int batchSize)
    {
        await using var loader = await ServerProcess.StartAsync(connectionString, new Dictionary<string, string> { ["Tracker__Daemon"] = "Disabled" });
        using var http = new HttpClient { BaseAddress = loader.Address, Timeout = TimeSpan.FromMinutes(2) };
        var sizes = new[] { 0.5e9, 1.5e9, 3e9, 7e9, 14e9, 32e9, 72e9 };
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, runs), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (r, ct) =>
        {
            var n = sizes[r % sizes.Length];
            var response = await http.PostAsJsonAsync("/api/v1/runs", new { study = "catchup", name = $"run-{r}", model = new { parameters = n }, training = new { batchSize = 512 } }, Json, ct);
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("runId").GetGuid();
            var random = new Random(r);
            for (var first = 1; first <= steps; first += batchSize)
            {
                var batch = Enumerable.Range(first, Math.Min(batchSize, steps - first + 1)).Select(s => new
                {
                    step = s,
                    reward = random.NextDouble(),
                    loss = random.NextDouble(),
                    tokens = 4.5e6,
                    metrics = new Dictionary<string, double> { ["actor/kl_loss"] = random.NextDouble(), ["actor/entropy"] = random.NextDouble() },
                }).ToList();
                (await http.PostAsJsonAsync($"/api/v1/runs/{id}/steps", new { steps = batch }, Json, ct)).EnsureSuccessStatusCode();
                var evaluation = new { step = batch[^1].step, dataset = "holdout", passAt1 = 0.2 + (0.6 * batch[^1].step / steps) };
                (await http.PostAsJsonAsync($"/api/v1/runs/{id}/evaluations", new { evaluations = new[] { evaluation } }, Json, ct)).EnsureSuccessStatusCode();
            }
        });
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Polls Marten's progression table until every async shard has reached <paramref name="target"/> and
    /// returns the seconds since <paramref name="watch"/> started (the node's own fits add events beyond the target;
    /// they are not counted). The admin view would say the same but needs a server admin's token.</summary>
    private static async Task<double> WaitForShardsAsync(string connectionString, long target, Stopwatch watch)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (watch.Elapsed < TimeSpan.FromMinutes(30))
        {
            await using var command = new NpgsqlCommand("select name, last_seq_id from tracker.mt_event_progression where name <> 'HighWaterMark'", connection);
            var positions = new Dictionary<string, long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    positions[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            if (Shards.All(s => positions.GetValueOrDefault(s) >= target))
            {
                return watch.Elapsed.TotalSeconds;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the projections did not catch up in 30 minutes");
    }

    /// <summary>Seconds to read every event's data as text, in sequence order: the floor for anything that reads them.</summary>
    private static async Task<double> ReadEventsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand("select data::text from tracker.mt_events order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(0);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
