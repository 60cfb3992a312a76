using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tracker.Bench.Ingest;

/// <summary>Training jobs posting step batches to the native API; each 2xx means the batch is committed.</summary>
public static class HttpIngest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<BenchResult> RunAsync(Uri server, Workload workload) => RunAsync([server], workload);

    /// <summary>Client i registers its run and posts every batch through node i mod N (round-robin).</summary>
    public static async Task<BenchResult> RunAsync(IReadOnlyList<Uri> servers, Workload workload)
    {
        var clients = Enumerable.Range(0, workload.Options.Clients)
            .Select(client => new HttpClient { BaseAddress = servers[client % servers.Count], Timeout = TimeSpan.FromMinutes(2) })
            .ToList();
        try
        {
            return await RunAsync(clients, warmed: Math.Min(servers.Count, clients.Count), workload);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static async Task<BenchResult> RunAsync(List<HttpClient> clients, int warmed, Workload workload)
    {
        var runs = new List<Guid>();
        for (var client = 0; client < workload.Options.Clients; client++)
        {
            var response = await clients[client].PostAsJsonAsync("/api/v1/runs", new { study = "bench", name = $"client-{client}-{Guid.NewGuid():N}", model = new { parameters = 7e9 }, training = new { batchSize = 512 } }, Json);
            response.EnsureSuccessStatusCode();
            runs.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("runId").GetGuid());
        }

        // Pre-serialise the bodies: the benchmark measures the server, not the client's JSON writer.
        var bodies = workload.Batches.Select(batches => batches.Select(b => JsonSerializer.SerializeToUtf8Bytes(new { steps = b }, Json)).ToList()).ToList();
        // Warm-up, one batch through each node: JIT, connection pools, ledger cache (not counted).
        for (var client = 0; client < warmed; client++)
        {
            await PostAsync(clients[client], runs[client], bodies[client][0]);
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(runs.Select(async (runId, client) =>
        {
            foreach (var body in bodies[client].Skip(client < warmed ? 1 : 0))
            {
                await PostAsync(clients[client], runId, body);
            }
        }));
        return new BenchResult(workload.TotalSteps - (warmed * workload.Options.BatchSize), watch.Elapsed.TotalSeconds);
    }

    private static async Task PostAsync(HttpClient http, Guid runId, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(new Uri($"/api/v1/runs/{runId}/steps", UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST steps answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
