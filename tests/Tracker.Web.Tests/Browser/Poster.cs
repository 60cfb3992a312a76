using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Contracts.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Web.Tests.Browser;

/// <summary>Posts synthetic sweeps through the HTTP API as training jobs would: register, steps with tokens (so the
/// server derives C = Σ 6·N·tokens), held-out evaluations (L = 1 − pass@1).</summary>
public sealed class Poster(HttpClient http)
{
    public const int BatchSize = 512;
    public const double TokensPerStep = BatchSize * 8 * 1100.0;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http => http;

    public async Task<Guid> RegisterAsync(string study, string name, double n, long? uniqueSamples = null, object? config = null)
    {
        var response = await http.PostAsJsonAsync("/api/v1/runs", new
        {
            study,
            name,
            model = new { family = "Qwen2.5", parameters = n, variant = "base" },
            training = new { batchSize = BatchSize, rolloutN = 8, uniqueSamples },
            config = config ?? new { algorithm = "grpo", lr = 1e-6, klCoef = 0.001 },
            tags = new Dictionary<string, string> { ["sweep"] = study },
        }, Json);
        await EnsureAsync(response, HttpStatusCode.Created, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<RunSummaryView>(Json))!.RunId;
    }

    public async Task StepsAsync(Guid run, IEnumerable<StepData> steps) =>
        await EnsureAsync(await http.PostAsJsonAsync($"/api/v1/runs/{run}/steps", new { steps }, Json), HttpStatusCode.OK);

    public async Task EvaluationsAsync(Guid run, IEnumerable<EvaluationData> evaluations) =>
        await EnsureAsync(await http.PostAsJsonAsync($"/api/v1/runs/{run}/evaluations", new { evaluations }, Json), HttpStatusCode.OK);

    public async Task FinishAsync(Guid run, string status = "completed") =>
        await EnsureAsync(await http.PostAsJsonAsync($"/api/v1/runs/{run}/finish", new { status }, Json), HttpStatusCode.OK);

    /// <summary>A compute sweep: tokens per step reproduce the generator's cumulative C.</summary>
    public async Task<Dictionary<string, Guid>> ComputeSweepAsync(string study, IReadOnlyList<ScalingPoint> points, int batch = 50)
    {
        var runs = new Dictionary<string, Guid>();
        foreach (var run in points.GroupBy(p => p.RunId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = run.OrderBy(p => p.Step).ToList();
            var n = ordered[0].N;
            var id = runs[run.Key] = await RegisterAsync(study, run.Key, n);
            var steps = new List<StepData>();
            var previousX = 0.0;
            foreach (var p in ordered.Where(p => p.Step > 0))
            {
                steps.Add(Step(p.Step, (p.X - previousX) / (6 * n), 1 - p.L));
                previousX = p.X;
            }

            foreach (var chunk in steps.Chunk(batch))
            {
                await StepsAsync(id, chunk);
            }

            foreach (var chunk in ordered.Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)).Chunk(Math.Max(batch, 200)))
            {
                await EvaluationsAsync(id, chunk);
            }
        }

        return runs;
    }

    /// <summary>A reuse sweep at one size: every run consumes the same samples; the unique pool sets τ.</summary>
    public async Task<Dictionary<double, Guid>> ReuseSweepAsync(string study, ReuseSweepSpec spec)
    {
        var runs = new Dictionary<double, Guid>();
        var points = SyntheticReuseSweep.Generate(spec);
        foreach (var run in points.GroupBy(p => p.RunId))
        {
            var ordered = run.OrderBy(p => p.Step).ToList();
            var tau = ordered[0].Tau!.Value;
            var unique = (long)Math.Round(spec.Steps * (double)BatchSize / tau);
            var id = runs[tau] = await RegisterAsync(study, run.Key, spec.N, unique);
            await StepsAsync(id, ordered.Where(p => p.Step > 0).Select(p => Step(p.Step, TokensPerStep, p.Reward)));
            await EvaluationsAsync(id, ordered.Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)));
        }

        return runs;
    }

    public static StepData Step(long step, double tokens, double? reward) => new(
        step,
        Reward: reward,
        Loss: reward is { } r ? 0.4 * (1 - r) : null,
        Tokens: tokens,
        Metrics: new Dictionary<string, double> { ["kl"] = 1e-4 * step, ["entropy"] = 1.0 / Math.Sqrt(step), ["response_length"] = 900 + (2.0 * step) });

    private static async Task EnsureAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
