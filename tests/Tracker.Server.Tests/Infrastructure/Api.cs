using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tracker.Contracts.Runs;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>The v1 HTTP contract as a test sees it: JSON in, status and JSON out.</summary>
public sealed class Api(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http => http;

    public async Task<RunSummaryView> RegisterAsync(string study, string name, double? parameters = 7e9, int batchSize = 512, long? uniqueSamples = null, Guid? runId = null)
    {
        var response = await PostAsync("/api/v1/runs", new
        {
            runId,
            study,
            name,
            model = new { family = "Qwen2.5", parameters },
            training = new { batchSize, rolloutN = 8, uniqueSamples },
        });
        await EnsureAsync(response, HttpStatusCode.Created, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<RunSummaryView>(Json))!;
    }

    public async Task<IngestResult> LogStepsAsync(Guid runId, IEnumerable<StepData> steps)
    {
        var response = await PostAsync($"/api/v1/runs/{runId}/steps", new { steps });
        await EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<IngestResult>(Json))!;
    }

    public async Task<IngestResult> RecordEvaluationsAsync(Guid runId, IEnumerable<EvaluationData> evaluations)
    {
        var response = await PostAsync($"/api/v1/runs/{runId}/evaluations", new { evaluations });
        await EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<IngestResult>(Json))!;
    }

    public async Task<RunSummaryView> GetRunAsync(Guid runId)
    {
        var response = await http.GetAsync(new Uri($"/api/v1/runs/{runId}", UriKind.Relative));
        await EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<RunSummaryView>(Json))!;
    }

    /// <summary>Every event of the run, following the pages.</summary>
    public async Task<List<RunEventView>> GetAllEventsAsync(Guid runId, int pageSize = 100)
    {
        var all = new List<RunEventView>();
        long? from = 1;
        while (from is { } version)
        {
            var page = await http.GetFromJsonAsync<EventPage<RunEventView>>(new Uri($"/api/v1/runs/{runId}/events?fromVersion={version}&limit={pageSize}", UriKind.Relative), Json);
            all.AddRange(page!.Items);
            from = page.NextFromVersion;
        }

        return all;
    }

    /// <summary>Every step stored for the run, read from its StepsLogged events (not from any read model).</summary>
    public async Task<List<StepData>> GetStoredStepsAsync(Guid runId) =>
        (await GetAllEventsAsync(runId, 1000))
            .Where(e => e.Type == "StepsLogged")
            .SelectMany(e => e.Data.GetProperty("steps").Deserialize<List<StepData>>(Json)!)
            .ToList();

    public Task<HttpResponseMessage> PostAsync(string path, object body) =>
        http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task EnsureAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
