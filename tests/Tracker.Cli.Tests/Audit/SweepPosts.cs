using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Contracts.Runs;
using Tracker.Scaling;

namespace Tracker.Cli.Tests.Audit;

/// <summary>Posts a synthetic sweep through the HTTP API as training jobs would: registration, steps with tokens (the
/// server derives C = Σ 6·N·tokens), held-out evaluations, finish.</summary>
public static class SweepPosts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Dictionary<string, Guid>> PostAsync(HttpClient http, string study, IReadOnlyList<ScalingPoint> points, int batch = 10)
    {
        var runs = new Dictionary<string, Guid>();
        foreach (var run in points.GroupBy(p => p.RunId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = run.OrderBy(p => p.Step).ToList();
            var n = ordered[0].N;
            var registered = await EnsureAsync(await http.PostAsJsonAsync("/api/v1/runs", new
            {
                study,
                name = run.Key,
                model = new { family = "Qwen2.5", parameters = n, variant = "base" },
                training = new { batchSize = 512, rolloutN = 8 },
                tags = new Dictionary<string, string> { ["sweep"] = study },
            }, Json));
            var id = runs[run.Key] = (await registered.Content.ReadFromJsonAsync<RunSummaryView>(Json))!.RunId;
            var previousX = 0.0;
            var steps = new List<StepData>();
            foreach (var p in ordered.Where(p => p.Step > 0))
            {
                steps.Add(new StepData(p.Step, Reward: p.Reward, Tokens: (p.X - previousX) / (6 * n)));
                previousX = p.X;
            }

            foreach (var chunk in steps.Chunk(batch))
            {
                await EnsureAsync(await http.PostAsJsonAsync($"/api/v1/runs/{id}/steps", new { steps = chunk }, Json));
            }

            foreach (var chunk in ordered.Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)).Chunk(batch))
            {
                await EnsureAsync(await http.PostAsJsonAsync($"/api/v1/runs/{id}/evaluations", new { evaluations = chunk }, Json));
            }

            await EnsureAsync(await http.PostAsJsonAsync($"/api/v1/runs/{id}/finish", new { status = "completed" }, Json));
        }

        return runs;
    }

    private static async Task<HttpResponseMessage> EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}
