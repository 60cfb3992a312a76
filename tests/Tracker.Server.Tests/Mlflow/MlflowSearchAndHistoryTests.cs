using System.Net;
using System.Text.Json;

namespace Tracker.Server.Tests.Mlflow;

public sealed class MlflowSearchAndHistoryTests(MlflowServer server) : IClassFixture<MlflowServer>, IAsyncLifetime
{
    private const long Time = 1_737_000_000_000;
    private readonly Dictionary<string, string> _runs = [];
    private string _experiment = "";

    /// <summary>Three runs: a finished 7B with lr 1e-6 and reward 0.8, a finished 1.5B with lr 2e-6 and reward 0.4,
    /// a running 7B with lr 1e-6, team tag and no reward.</summary>
    public async Task InitializeAsync()
    {
        var wire = server.Wire();
        _experiment = await wire.SetExperimentAsync($"search-{Guid.NewGuid():N}");
        foreach (var (name, lr, reward, start) in new[] { ("big", "1e-6", 0.8, Time), ("small", "2e-6", 0.4, Time + 1), ("open", "1e-6", double.NaN, Time + 2) })
        {
            var runId = await wire.StartRunAsync(_experiment, name, start);
            _runs[name] = runId;
            await wire.LogParamsAsync(runId, new Dictionary<string, string> { ["lr"] = lr, ["model_name_or_path"] = name == "small" ? "Qwen2.5-1.5B" : "Qwen2.5-7B" });
            if (!double.IsNaN(reward))
            {
                await wire.LogMetricsAsync(runId, new Dictionary<string, double> { ["reward"] = reward / 2 }, 1, Time + 10);
                await wire.LogMetricsAsync(runId, new Dictionary<string, double> { ["reward"] = reward }, 2, Time + 20);
                await wire.EndRunAsync(runId, Time + 30);
            }
            else
            {
                (await wire.PostAsync("runs/set-tag", $$"""{"run_id": "{{runId}}", "key": "team", "value": "rl"}""")).Ok();
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("", "open,small,big")]
    [InlineData("attributes.status = 'FINISHED'", "small,big")]
    [InlineData("status != 'FINISHED'", "open")]
    [InlineData("params.lr = '1e-6'", "open,big")]
    [InlineData("params.`lr` = '1e-6' AND attributes.status = 'FINISHED'", "big")]
    [InlineData("tags.team = 'rl'", "open")]
    [InlineData("metrics.reward > 0.5", "big")]
    [InlineData("metrics.reward >= 0.4 and metrics.reward < 0.8", "small")]
    [InlineData("attributes.run_name LIKE 'b%'", "big")]
    [InlineData("tags.\"mlflow.runName\" ILIKE 'SMA%'", "small")]
    [InlineData("params.model_name_or_path = 'Qwen2.5-7B' AND metrics.reward > 0", "big")]
    public async Task Search_filters_on_attributes_params_tags_and_latest_metrics(string filter, string expected)
    {
        var runs = await SearchAsync(new { experiment_ids = new[] { _experiment }, filter });
        Assert.Equal(expected.Split(','), runs);
    }

    [Fact]
    public async Task Search_finds_runs_by_id_lists()
    {
        var filter = $"attributes.run_id IN ('{_runs["big"]}', '{_runs["open"]}')";
        Assert.Equal(["open", "big"], await SearchAsync(new { experiment_ids = new[] { _experiment }, filter }));
        Assert.Equal(["small"], await SearchAsync(new { experiment_ids = new[] { _experiment }, filter = filter.Replace(" IN ", " NOT IN ", StringComparison.Ordinal) }));
    }

    [Fact]
    public async Task Search_orders_by_metrics_and_attributes_and_pages()
    {
        Assert.Equal(["big", "small", "open"], await SearchAsync(new { experiment_ids = new[] { _experiment }, order_by = new[] { "metrics.reward DESC" } }));
        Assert.Equal(["small", "big", "open"], await SearchAsync(new { experiment_ids = new[] { _experiment }, order_by = new[] { "metrics.reward" } }));
        Assert.Equal(["big", "open", "small"], await SearchAsync(new { experiment_ids = new[] { _experiment }, order_by = new[] { "attributes.run_name ASC" } }));

        var wire = server.Wire();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await wire.PostAsync("runs/search", MlflowWire.Json(new { experiment_ids = new[] { _experiment }, max_results = 2, order_by = new[] { "attributes.start_time ASC" }, page_token = token }))).Ok();
            seen.AddRange(Names(page));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(["big", "small", "open"], seen);
    }

    [Theory]
    [InlineData("metrics.reward > 'high'")]
    [InlineData("params.lr > '1'")]
    [InlineData("reward = 1")]
    [InlineData("metrics.reward > 1 OR status = 'FINISHED'")]
    [InlineData("foo.bar = 'x'")]
    public async Task A_filter_outside_the_grammar_is_refused_with_invalid_parameter_value(string filter)
    {
        var answer = await server.Wire().PostAsync("runs/search", MlflowWire.Json(new { experiment_ids = new[] { _experiment }, filter }));
        answer.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Metric_history_comes_in_pages_in_mlflows_order()
    {
        var wire = server.Wire();
        var runId = _runs["open"];
        // 60 points over 6 requests, logged out of order; two values at step 7 (a re-logged step).
        for (var request = 5; request >= 0; request--)
        {
            var points = Enumerable.Range(request * 10, 10).Select(i => new { key = "system/gpu", value = (object)(i * 1.5), timestamp = Time + i, step = (long)i });
            (await wire.PostAsync("runs/log-batch", MlflowWire.Json(new { run_id = runId, metrics = points }))).Ok();
        }

        (await wire.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "system/gpu", "value": 99, "timestamp": {{Time + 7}}, "step": 7}""")).Ok();

        var history = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = $"metrics/get-history?run_id={runId}&metric_key={Uri.EscapeDataString("system/gpu")}&max_results=25" + (token is null ? "" : $"&page_token={Uri.EscapeDataString(token)}");
            var page = (await wire.GetAsync(query)).Ok();
            history.AddRange(page.GetProperty("metrics").EnumerateArray());
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(61, history.Count);
        var order = history.Select(m => (m.GetProperty("timestamp").GetInt64(), m.GetProperty("step").GetInt64(), m.GetProperty("value").GetDouble())).ToList();
        Assert.Equal(order.OrderBy(o => o.Item1).ThenBy(o => o.Item2).ThenBy(o => o.Item3), order);
        Assert.Equal([10.5, 99], history.Where(m => m.GetProperty("step").GetInt64() == 7).Select(m => m.GetProperty("value").GetDouble()));
        var latest = (await wire.GetAsync($"runs/get?run_id={runId}")).Ok().GetProperty("run").GetProperty("data").GetProperty("metrics")
            .EnumerateArray().Single(m => m.GetProperty("key").GetString() == "system/gpu");
        Assert.Equal((59L, 88.5), (latest.GetProperty("step").GetInt64(), latest.GetProperty("value").GetDouble())); // highest step wins

        (await wire.GetAsync($"metrics/get-history?run_id={runId}")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.GetAsync("metrics/get-history?run_id=0123456789abcdef0123456789abcdef&metric_key=a")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Empty((await wire.GetAsync($"metrics/get-history?run_id={runId}&metric_key=never")).Ok().GetProperty("metrics").EnumerateArray());
    }

    private async Task<List<string>> SearchAsync(object request) => Names((await server.Wire().PostAsync("runs/search", MlflowWire.Json(request))).Ok());

    private static List<string> Names(JsonElement page) =>
        page.TryGetProperty("runs", out var runs)
            ? runs.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()!).ToList()
            : [];
}
