using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Tracker.Bench.Ingest;

/// <summary>Time from an evaluation's commit to the FitComputed that covers it, read from the event store itself:
/// a fit's high-water mark names the last event it used, so both timestamps come from the server's own clock.</summary>
public static class LiveLatency
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(Uri server, string connectionString, int runs, int steps)
    {
        using var http = new HttpClient { BaseAddress = server };
        var ids = new List<Guid>();
        for (var r = 0; r < runs; r++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/runs", new { study = "live", name = $"run-{r}", model = new { parameters = (r % 7 + 1) * 1e9 }, training = new { batchSize = 512 } }, Json);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("runId").GetGuid());
        }

        // Jobs post one step and one evaluation at a time, every 100 ms each, like a running sweep.
        var random = new Random(1);
        await Task.WhenAll(ids.Select(async (id, r) =>
        {
            var n = (r % 7 + 1) * 1e9;
            for (var step = 1; step <= steps; step++)
            {
                var loss = Math.Pow(10, (-0.05 * n / (n + 2e10) * Math.Log10(step * 4e15)) + 0.4) * (1 + 0.01 * (random.NextDouble() - 0.5));
                (await http.PostAsJsonAsync($"/api/v1/runs/{id}/steps", new { steps = new[] { new { step, tokens = 4e6 } } }, Json)).EnsureSuccessStatusCode();
                (await http.PostAsJsonAsync($"/api/v1/runs/{id}/evaluations", new { evaluations = new[] { new { step, dataset = "holdout", passAt1 = Math.Clamp(1 - loss, 0.01, 0.99) } } }, Json)).EnsureSuccessStatusCode();
                await Task.Delay(100);
            }
        }));
        await Task.Delay(3000); // let the last fit land

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select extract(epoch from f.timestamp - e.timestamp) * 1000
            from tracker.mt_events f
            join tracker.mt_events e on e.seq_id = (f.data ->> 'highWaterMark')::bigint
            where f.type = 'fit_computed' and f.data ->> 'axis' = 'compute'
            """, connection);
        var latencies = new List<double>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                latencies.Add(Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(q * latencies.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {runs} jobs × {steps} evaluations, 10/s each | {latencies.Count} fits | p50 {P(0.5):F0} ms | p99 {P(0.99):F0} ms | max {(latencies.Count == 0 ? double.NaN : latencies[^1]):F0} ms |"));
    }
}
