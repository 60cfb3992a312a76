using System.Net;
using System.Text;
using System.Text.Json;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>The MLflow REST calls exactly as the MLflow Python client sends them (mlflow/utils/rest_utils.py): JSON
/// bodies for POST, query strings for GET, its User-Agent, and MLflow's paths under a tracking URI.</summary>
public sealed class MlflowWire(HttpClient http, string trackingPath = "/mlflow")
{
    public HttpClient Http => http;

    public async Task<MlflowAnswer> PostAsync(string call, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{trackingPath}/api/2.0/mlflow/{call}", UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return await SendAsync(request);
    }

    public async Task<MlflowAnswer> GetAsync(string callAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{trackingPath}/api/2.0/mlflow/{callAndQuery}", UriKind.Relative));
        return await SendAsync(request);
    }

    /// <summary>mlflow.set_experiment: get-by-name, create on 404, then get by id.</summary>
    public async Task<string> SetExperimentAsync(string name)
    {
        var found = await GetAsync($"experiments/get-by-name?experiment_name={Uri.EscapeDataString(name)}");
        if (found.Status == HttpStatusCode.OK)
        {
            return found.Body.GetProperty("experiment").GetProperty("experiment_id").GetString()!;
        }

        var created = (await PostAsync("experiments/create", Json(new { name }))).Ok();
        var id = created.GetProperty("experiment_id").GetString()!;
        (await GetAsync($"experiments/get?experiment_id={id}")).Ok();
        return id;
    }

    /// <summary>mlflow.start_run(experiment_id=…, run_name=…) with the tags the client's context providers add.</summary>
    public async Task<string> StartRunAsync(string experimentId, string runName, long startTime, string user = "alice")
    {
        var body = Json(new
        {
            experiment_id = experimentId,
            user_id = user,
            start_time = startTime,
            tags = new[]
            {
                new { key = "mlflow.user", value = user },
                new { key = "mlflow.source.name", value = "/opt/verl/verl/trainer/main_ppo.py" },
                new { key = "mlflow.source.type", value = "LOCAL" },
                new { key = "mlflow.runName", value = runName },
            },
            run_name = runName,
        });
        return (await PostAsync("runs/create", body)).Ok().GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    /// <summary>mlflow.log_params: chunks of 100 in log-batch requests.</summary>
    public async Task LogParamsAsync(string runId, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var chunk in parameters.Chunk(100))
        {
            (await PostAsync("runs/log-batch", Json(new { run_id = runId, @params = chunk.Select(p => new { key = p.Key, value = p.Value }) }))).Ok();
        }
    }

    /// <summary>mlflow.log_metrics(metrics, step=…): one log-batch; non-finite values as protobuf JSON strings.</summary>
    public async Task LogMetricsAsync(string runId, IReadOnlyDictionary<string, double> metrics, long step, long timestamp) =>
        (await PostAsync("runs/log-batch", LogMetricsBody(runId, metrics, step, timestamp))).Ok();

    public static string LogMetricsBody(string runId, IReadOnlyDictionary<string, double> metrics, long step, long timestamp) =>
        Json(new { run_id = runId, metrics = metrics.Select(m => new { key = m.Key, value = Number(m.Value), timestamp, step }) });

    /// <summary>mlflow.end_run(): runs/get (to print the run's URL), then runs/update with FINISHED.</summary>
    public async Task EndRunAsync(string runId, long endTime, string status = "FINISHED")
    {
        (await GetAsync($"runs/get?run_uuid={runId}&run_id={runId}")).Ok();
        (await PostAsync("runs/update", Json(new { run_uuid = runId, run_id = runId, status, end_time = endTime }))).Ok();
    }

    public static object Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : value;

    public static string Json(object body) => JsonSerializer.Serialize(body);

    private async Task<MlflowAnswer> SendAsync(HttpRequestMessage request)
    {
        request.Headers.UserAgent.ParseAdd("mlflow-python-client/3.6.0");
        request.Headers.Add("X-MLflow-Client-Version", "3.6.0");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new MlflowAnswer(response.StatusCode, body, text);
    }
}

public sealed record MlflowAnswer(HttpStatusCode Status, JsonElement Body, string Text)
{
    public JsonElement Ok() =>
        Status == HttpStatusCode.OK ? Body : throw new HttpRequestException($"MLflow call answered {(int)Status}: {Text}");

    public string ErrorCode => Body.GetProperty("error_code").GetString()!;

    public void AssertError(HttpStatusCode status, string errorCode)
    {
        Assert.True(Status == status, $"expected {(int)status} {errorCode}, got {(int)Status}: {Text}");
        Assert.Equal(errorCode, ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(Body.GetProperty("message").GetString()));
    }
}
