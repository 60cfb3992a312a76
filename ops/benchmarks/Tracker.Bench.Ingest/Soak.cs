using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tracker.Bench.Ingest;

/// <summary>Sustained ingestion plus dashboard-like reads against one server process for N minutes, sampling the
/// process's RSS and the .NET GC heap every 10 s. Memory must stay flat: the series, the first minute's mean (the
/// baseline) and the slope of each half are printed, and growth beyond the noise is said plainly.</summary>
public static class Soak
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    /// <param name="batchesPerRun">A job's length: after this many batches a client finishes its run and starts another.</param>
    public static async Task RunAsync(BenchOptions options, double minutes, int batchesPerRun = 100)
    {
        await using var database = await BenchDatabase.CreateAsync(options.Postgres);
        await using var server = await ServerProcess.StartAsync(database.ConnectionString);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"soak: {minutes} min, {options.Clients} clients each posting ≤ 1 batch of {options.BatchSize} steps ({options.Metrics} metrics) + 1 evaluation per second, a new run every {batchesPerRun} batches; one reader polling the study's dashboard data every second");

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var counters = new Counters();
        var writers = Enumerable.Range(0, options.Clients).Select(c => WriteAsync(http, options, c, batchesPerRun, counters, stop.Token)).ToList();
        var reader = ReadAsync(http, counters, stop.Token);
        var samples = await SampleAsync(http, server.ProcessId, counters, stop.Token);
        await Task.WhenAll(writers.Append(reader));

        MemoryReport.Print(samples, counters);
    }

    private static async Task WriteAsync(HttpClient http, BenchOptions options, int client, int batchesPerRun, Counters counters, CancellationToken ct)
    {
        var workload = Workload.Create(options with { Clients = 1, Batches = batchesPerRun });
        var bodies = workload.Batches[0].Select(b => JsonSerializer.SerializeToUtf8Bytes(new { steps = b }, Json)).ToList();
        try
        {
            for (var run = 0; !ct.IsCancellationRequested; run++)
            {
                var response = await http.PostAsJsonAsync("/api/v1/runs", new { study = "soak", name = $"client-{client}-run-{run}", model = new { parameters = (client + 1) * 1e9 }, training = new { batchSize = 512 } }, Json, ct);
                response.EnsureSuccessStatusCode();
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("runId").GetGuid();
                counters.RunId = id;
                for (var b = 0; b < bodies.Count && !ct.IsCancellationRequested; b++)
                {
                    var pace = Task.Delay(1000, ct);
                    using var content = new ByteArrayContent(bodies[b]);
                    content.Headers.ContentType = new("application/json");
                    (await http.PostAsync(new Uri($"/api/v1/runs/{id}/steps", UriKind.Relative), content, ct)).EnsureSuccessStatusCode();
                    var step = (b + 1) * options.BatchSize - 1;
                    var evaluation = new { step, dataset = "holdout", passAt1 = 0.2 + (0.6 * b / bodies.Count) };
                    (await http.PostAsJsonAsync($"/api/v1/runs/{id}/evaluations", new { evaluations = new[] { evaluation } }, Json, ct)).EnsureSuccessStatusCode();
                    counters.AddSteps(options.BatchSize);
                    await pace;
                }

                (await http.PostAsJsonAsync($"/api/v1/runs/{id}/finish", new { status = "completed" }, Json, ct)).EnsureSuccessStatusCode();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>What a dashboard reads: the study list, the study, its dataset and fit, a running run and its events.</summary>
    private static async Task ReadAsync(HttpClient http, Counters counters, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var pace = Task.Delay(1000, ct);
                var paths = new List<string> { "/api/v1/studies", "/api/v1/studies/soak", "/api/v1/studies/soak/dataset", "/api/v1/studies/soak/fit?axis=compute", "/api/v1/studies/soak/reuse" };
                if (counters.RunId is { } run)
                {
                    paths.Add($"/api/v1/runs/{run}");
                    paths.Add($"/api/v1/runs/{run}/events?limit=50");
                }

                foreach (var path in paths)
                {
                    using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
                    await response.Content.ReadAsByteArrayAsync(ct);
                    counters.AddRead();
                    if ((int)response.StatusCode >= 500)
                    {
                        throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
                    }
                }

                await pace;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task<List<MemorySample>> SampleAsync(HttpClient http, int pid, Counters counters, CancellationToken ct)
    {
        var samples = new List<MemorySample>();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var metrics = await ScrapeAsync(http);
            var gcHeap = Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes");
            var curveLag = Sum(metrics, "tracker_projection_lag", "shard=\"RunCurve:All\"");
            var sample = new MemorySample(watch.Elapsed.TotalSeconds, ResidentBytes(pid), gcHeap, counters.Steps, counters.Reads, curveLag);
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"t={sample.Seconds,5:F0}s rss={sample.Rss / 1048576.0:F1} MiB gc-heap={(sample.GcHeap is { } h ? (h / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) : "-")} MiB steps={sample.Steps:N0} reads={sample.Reads:N0} run-curve lag={sample.CurveLag?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"} events"));
            try
            {
                await Task.Delay(SampleEvery, ct);
            }
            catch (OperationCanceledException)
            {
                return samples;
            }
        }
    }

    /// <summary>VmRSS of the server process (kB in /proc/PID/status).</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The server's /metrics lines (Prometheus text); empty when the endpoint is not there.</summary>
    private static async Task<string[]> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        return response.IsSuccessStatusCode ? (await response.Content.ReadAsStringAsync()).Split('\n') : [];
    }

    /// <summary>A metric summed over its series (e.g. the GC heap after the last collection over generations, from the
    /// .NET runtime meter), only the series whose labels contain <paramref name="label"/> when given; null when absent.</summary>
    private static long? Sum(string[] lines, string name, string? label = null)
    {
        var values = lines
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is '{' or ' '))
            .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 0 ? null : (long)values.Sum();
    }

    public sealed class Counters
    {
        private long _steps;
        private long _reads;

        public long Steps => Interlocked.Read(ref _steps);

        public long Reads => Interlocked.Read(ref _reads);

        /// <summary>A run being written, for the reader's run queries.</summary>
        public Guid? RunId { get; set; }

        public void AddSteps(int steps) => Interlocked.Add(ref _steps, steps);

        public void AddRead() => Interlocked.Increment(ref _reads);
    }
}

/// <param name="CurveLag">Events the run-curve projection has not processed yet (the server's tracker.projection.lag).</param>
public sealed record MemorySample(double Seconds, long Rss, long? GcHeap, long Steps, long Reads, long? CurveLag);
