using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tracker.Bench.Ingest;

/// <summary>How long the study endpoints take on a large study: runs × evaluations posted through the API first,
/// then each query timed after the projections have caught up.</summary>
public static class DatasetQuery
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(Uri server, int runs, int points)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        var sizes = new[] { 0.5e9, 1.5e9, 3e9, 7e9, 14e9, 32e9, 72e9 };
        var load = Stopwatch.StartNew();
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, runs), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (r, ct) =>
        {
            var n = sizes[r % sizes.Length];
            var response = await http.PostAsJsonAsync("/api/v1/runs", new { study = "big", name = $"run-{r}", model = new { parameters = n }, training = new { batchSize = 512 } }, Json, ct);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("runId").GetGuid();
            ids.Add(id);
            var steps = Enumerable.Range(1, points).Select(s => new { step = s, tokens = 4.5e6 });
            (await http.PostAsJsonAsync($"/api/v1/runs/{id}/steps", new { steps }, Json, ct)).EnsureSuccessStatusCode();
            var k = 0.13 * n / (n + 1.4e10);
            var evaluations = Enumerable.Range(1, points).Select(s => new { step = s, dataset = "holdout", passAt1 = 1 - Math.Pow(10, (-k * Math.Log10(s * 27e6 * n)) + (0.6 + (k * 10))) });
            (await http.PostAsJsonAsync($"/api/v1/runs/{id}/evaluations", new { evaluations = evaluations.Select(e => e with { passAt1 = Math.Clamp(e.passAt1, 0.01, 0.99) }) }, Json, ct)).EnsureSuccessStatusCode();
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {runs} runs × {points} steps and evaluations in {load.Elapsed.TotalSeconds:F1} s"));

        // Wait until every run's curve is projected: the dataset then has all points.
        var expected = (long)runs * points;
        for (var i = 0; i < 600; i++)
        {
            var dataset = await http.GetFromJsonAsync<JsonElement>("/api/v1/studies/big/dataset", Json);
            if (dataset.GetProperty("points").GetArrayLength() >= expected)
            {
                break;
            }

            await Task.Delay(1000);
        }

        foreach (var path in new[] { "/api/v1/studies/big/dataset", "/api/v1/studies/big/fit?axis=compute", "/api/v1/studies/big/fit?axis=data" })
        {
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            Report($"GET {path}", runs, points, times);
        }

        await AfterAChangeAsync(http, ids.First(), runs, points);
    }

    /// <summary>The fit asked for right after one run received one more evaluation (a live study): what changed must
    /// be read again and refitted, but not the other runs' curves.</summary>
    private static async Task AfterAChangeAsync(HttpClient http, Guid run, int runs, int points)
    {
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var before = (await http.GetFromJsonAsync<JsonElement>("/api/v1/studies/big/fit?axis=compute", Json)).GetProperty("highWaterMark").GetInt64();
            var evaluation = new { evaluations = new[] { new { step = points + i + 1, dataset = "holdout", passAt1 = 0.5 } } };
            (await http.PostAsJsonAsync($"/api/v1/runs/{run}/evaluations", evaluation, Json)).EnsureSuccessStatusCode();
            await Task.Delay(3000); // the curve projection catches up (one event); a bench, not a test
            var watch = Stopwatch.StartNew();
            var fit = await http.GetFromJsonAsync<JsonElement>("/api/v1/studies/big/fit?axis=compute", Json);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (fit.GetProperty("highWaterMark").GetInt64() <= before)
            {
                Console.WriteLine("  (the projection had not caught up: that answer came from the cache)");
            }
        }

        Report("GET fit?axis=compute after one new evaluation", runs, points, times);
    }

    private static void Report(string what, int runs, int points, List<double> times)
    {
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {runs} runs × {points} points | median {times[times.Count / 2]:F0} ms | min {times[0]:F0} ms |"));
    }
}
