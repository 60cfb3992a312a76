using System.Net;
using System.Text.Json;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>log-batch and the single-value calls: MLflow's limits, error codes and semantics (write-once params,
/// non-finite values as strings, retries that duplicate nothing), and nothing written for a refused request.</summary>
public sealed class MlflowLoggingTests(MlflowServer server) : IClassFixture<MlflowServer>
{
    private const long Time = 1_737_000_000_000;

    [Fact]
    public async Task Non_finite_values_travel_as_strings_and_read_back_as_strings()
    {
        var (wire, runId) = await NewRunAsync("nan");
        (await wire.PostAsync("runs/log-batch", $$"""
            {"run_id": "{{runId}}", "metrics": [
              {"key": "a", "value": "NaN", "timestamp": {{Time}}, "step": 1},
              {"key": "b", "value": "Infinity", "timestamp": {{Time}}, "step": 1},
              {"key": "c", "value": "-Infinity", "timestamp": "{{Time}}", "step": "1"},
              {"key": "d", "value": 0.5, "timestamp": {{Time}}}]}
            """)).Ok();

        var run = await wire.GetAsync($"runs/get?run_id={runId}");
        Assert.Contains("\"value\":\"NaN\"", run.Text, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Infinity\"", run.Text, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"-Infinity\"", run.Text, StringComparison.Ordinal);
        var history = (await wire.GetAsync($"metrics/get-history?run_id={runId}&metric_key=a")).Ok();
        var point = Assert.Single(history.GetProperty("metrics").EnumerateArray());
        Assert.Equal("NaN", point.GetProperty("value").GetString());
        var d = (await wire.GetAsync($"metrics/get-history?run_id={runId}&metric_key=d")).Ok().GetProperty("metrics")[0];
        Assert.Equal(0, d.GetProperty("step").GetInt64()); // MLflow's default step
    }

    [Fact]
    public async Task A_retried_log_batch_stores_nothing_twice()
    {
        var (wire, runId) = await NewRunAsync("retry");
        var body = MlflowWire.LogMetricsBody(runId, new Dictionary<string, double> { ["reward"] = 0.3, ["loss"] = 0.1, ["num_tokens"] = 1000 }, 10, Time);
        (await wire.PostAsync("runs/log-batch", body)).Ok();
        var events = await server.App.Database.CountRunEventsAsync();

        (await wire.PostAsync("runs/log-batch", body)).Ok();

        Assert.Equal(events, await server.App.Database.CountRunEventsAsync());
        var history = (await wire.GetAsync($"metrics/get-history?run_id={runId}&metric_key=reward")).Ok();
        Assert.Single(history.GetProperty("metrics").EnumerateArray());
        Assert.Single(await server.Api().GetStoredStepsAsync(Guid.ParseExact(runId, "N")));
    }

    [Fact]
    public async Task A_param_keeps_its_first_value_a_change_is_refused_and_nothing_of_that_request_is_written()
    {
        var (wire, runId) = await NewRunAsync("params");
        (await wire.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "1e-6"}""")).Ok();
        (await wire.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "1e-6"}""")).Ok();
        var events = await server.App.Database.CountRunEventsAsync();

        var changed = await wire.PostAsync("runs/log-batch", $$"""
            {"run_id": "{{runId}}", "params": [{"key": "seed", "value": "1"}, {"key": "lr", "value": "2e-6"}],
             "metrics": [{"key": "reward", "value": 1, "timestamp": {{Time}}, "step": 1}]}
            """);

        changed.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("lr", changed.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(events, await server.App.Database.CountRunEventsAsync());
        var duplicateKeys = await wire.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "params": [{"key": "x", "value": "1"}, {"key": "x", "value": "1"}]}""");
        duplicateKeys.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Batches_over_mlflows_limits_are_refused_with_invalid_parameter_value()
    {
        var (wire, runId) = await NewRunAsync("limits");
        var events = await server.App.Database.CountRunEventsAsync();

        (await wire.PostAsync("runs/log-batch", Batch(runId, metrics: 1001))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", Batch(runId, parameters: 101))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", Batch(runId, tags: 101))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", Batch(runId, metrics: 901, parameters: 100))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var huge = Batch(runId, metrics: 1000, keyLength: 1100);
        Assert.True(huge.Length > 1_000_000);
        (await wire.PostAsync("runs/log-batch", huge)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", Batch(runId, metrics: 1, keyLength: 251))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Equal(events, await server.App.Database.CountRunEventsAsync());
        (await wire.PostAsync("runs/log-batch", Batch(runId, metrics: 900, parameters: 100))).Ok();
    }

    [Fact]
    public async Task Malformed_or_misaddressed_requests_get_a_4xx_in_mlflows_shape()
    {
        var (wire, runId) = await NewRunAsync("malformed");
        (await wire.PostAsync("runs/log-batch", "{\"run_id\": ")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", "[1, 2]")).AssertError(HttpStatusCode.BadRequest, "BAD_REQUEST");
        (await wire.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "a", "value": true, "timestamp": 1}]}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "a", "timestamp": 1}]}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", """{"metrics": []}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", """{"run_id": "not-a-run"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/log-batch", """{"run_id": "0123456789abcdef0123456789abcdef", "params": [{"key": "a", "value": "1"}]}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await wire.GetAsync("runs/get?run_id=0123456789abcdef0123456789abcdef")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await wire.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "a", "value": 1}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("model-versions/create", "{}")).AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        (await wire.GetAsync("traces/search")).AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Single_value_calls_and_camel_case_bodies_work_like_log_batch()
    {
        var (wire, runId) = await NewRunAsync("singles");
        (await wire.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "run_uuid": "{{runId}}", "key": "loss", "value": 0.25, "timestamp": {{Time}}, "step": 3}""")).Ok();
        (await wire.PostAsync("runs/set-tag", $$"""{"runId": "{{runId}}", "key": "team", "value": "rl"}""")).Ok();
        (await wire.PostAsync("runs/set-tag", $$"""{"run_id": "{{runId}}", "key": "team", "value": "post-training"}""")).Ok();
        (await wire.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "model_name_or_path", "value": "Qwen/Qwen2.5-1.5B-Instruct"}""")).Ok();

        var data = (await wire.GetAsync($"runs/get?run_uuid={runId}")).Ok().GetProperty("run").GetProperty("data");
        Assert.Equal(0.25, Find(data, "metrics", "loss").GetProperty("value").GetDouble());
        Assert.Equal("post-training", Find(data, "tags", "team").GetProperty("value").GetString());
        var native = await server.Api().GetRunAsync(Guid.ParseExact(runId, "N"));
        Assert.Equal(1.5e9, native.Model.Parameters);
        Assert.Equal("post-training", native.Tags["team"]);
        Assert.Equal(0.25, native.LastLoss); // a loss at a step is a training step
    }

    private async Task<(MlflowWire Wire, string RunId)> NewRunAsync(string experiment)
    {
        var wire = server.Wire();
        return (wire, await wire.StartRunAsync(await wire.SetExperimentAsync($"logging-{experiment}"), "run", Time));
    }

    private static JsonElement Find(JsonElement data, string list, string key) =>
        data.GetProperty(list).EnumerateArray().Single(e => e.GetProperty("key").GetString() == key);

    private static string Batch(string runId, int metrics = 0, int parameters = 0, int tags = 0, int keyLength = 8) =>
        MlflowWire.Json(new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, metrics).Select(i => new { key = Key("m", i, keyLength), value = i * 0.5, timestamp = Time, step = 1 }),
            @params = Enumerable.Range(0, parameters).Select(i => new { key = Key("p", i, 8), value = "v" }),
            tags = Enumerable.Range(0, tags).Select(i => new { key = Key("t", i, 8), value = "v" }),
        });

    private static string Key(string prefix, int i, int length) => (prefix + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).PadRight(length, 'k');
}
