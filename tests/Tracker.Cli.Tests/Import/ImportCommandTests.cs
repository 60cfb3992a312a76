using System.Net;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Cli.Import;
using Tracker.Contracts.Import;

namespace Tracker.Cli.Tests.Import;

/// <summary><c>tracker import mlflow</c> and <c>tracker import wandb-csv</c> against a loopback server: the request each
/// sends (path, options, body) and how answers and refusals are printed.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _dir = Directory.CreateTempSubdirectory("tracker-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_experiment_directory_is_sent_as_one_array_of_its_run_files_in_path_order_with_the_options()
    {
        var b = Write("exp/bbbb/run.json", """{"info": {"run_id": "bbbb"}}""");
        var a = Write("exp/aaaa/run.json", """{"info": {"run_id": "aaaa"}}""");
        Write("exp/experiment.json", """{"mlflow": {"experiment": {"name": "e"}}}""");
        using var server = new CapturingServer(HttpStatusCode.OK, JsonSerializer.Serialize(Result(), Json));

        var (code, output, _) = await RunAsync(server, "mlflow", Path.Combine(_dir, "exp"), "--study", "my study", "--model-size", "7B", "--loss-dataset", "math500", "--token", "t0k");

        Assert.Equal(0, code);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/v1/studies/my%20study/import/mlflow?modelSize=7B&lossDataset=math500", "Bearer t0k"), (request.Method, request.PathAndQuery, request.Authorization));
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["aaaa", "bbbb"], body.RootElement.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));
        Assert.Contains("study s: 2 runs; stored 2 new runs, 10 steps, 4 evaluations; 0 already stored; loss dataset math500", output, StringComparison.Ordinal);
        Assert.Contains("  r-aaaa (aaaa): N 7B, batch 512, 5 steps, 2 evaluations (math500), completed", output, StringComparison.Ordinal);
        _ = (a, b);
    }

    [Fact]
    public async Task A_refusal_names_the_file_each_error_is_in()
    {
        Write("exp/1/run.json", "{}");
        var second = Write("exp/2/run.json", "{}");
        var problem = """{"title": "Invalid mlflow file", "status": 400, "errors": [{"field": "$[1].mlflow.metrics.loss[0].step", "message": "must be an integer"}], "errorCount": 3}""";
        using var server = new CapturingServer(HttpStatusCode.BadRequest, problem);

        var (code, _, error) = await RunAsync(server, "mlflow", Path.Combine(_dir, "exp"), "--study", "s");

        Assert.Equal(1, code);
        Assert.Contains("tracker: 400 Invalid mlflow file", error, StringComparison.Ordinal);
        Assert.Contains($"  {second}: $.mlflow.metrics.loss[0].step: must be an integer", error, StringComparison.Ordinal);
        Assert.Contains("… and 2 more", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_with_a_config_is_sent_as_multipart_and_the_run_options_as_the_query()
    {
        var history = Write("history.csv", "_step,train/reward\n0,0.1\n");
        var config = Write("config.json", """{"data": {"train_batch_size": 256}}""");
        using var server = new CapturingServer(HttpStatusCode.OK, JsonSerializer.Serialize(Result(), Json));

        var (code, _, _) = await RunAsync(server, "wandb-csv", history, "--study", "s", "--run", "qwen 3b", "--config", config, "--batch-size", "256", "--step-column", "train/global_step", "--json");

        Assert.Equal(0, code);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/studies/s/import/wandb-csv?batchSize=256&run=qwen%203b&stepColumn=train%2Fglobal_step", request.PathAndQuery);
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.Contains("name=history", request.Text, StringComparison.Ordinal);
        Assert.Contains("_step,train/reward", request.Text, StringComparison.Ordinal);
        Assert.Contains("name=config", request.Text, StringComparison.Ordinal);
        Assert.Contains("\"train_batch_size\": 256", request.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_names_and_files_are_said_before_anything_is_sent()
    {
        using var server = new CapturingServer(HttpStatusCode.OK, "{}");
        var history = Write("h.csv", "_step\n0\n");

        await Assert.ThrowsAsync<UsageException>(() => RunAsync(server, "wandb-csv", history, "--study", "s"));
        await Assert.ThrowsAsync<UsageException>(() => RunAsync(server, "mlflow", history));
        var (code, _, error) = await RunAsync(server, "mlflow", Path.Combine(_dir, "nowhere"), "--study", "s");
        var (emptyCode, _, emptyError) = await RunAsync(server, "mlflow", Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName, "--study", "s");

        Assert.Equal((1, 1), (code, emptyCode));
        Assert.Contains("no such file or directory", error, StringComparison.Ordinal);
        Assert.Contains("no run.json under", emptyError, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(new[] { "mlflow", "x" }, true)]
    [InlineData(new[] { "--study", "s", "wandb-csv", "x" }, true)]
    [InlineData(new[] { "paper-csv", "x" }, true)]
    [InlineData(new[] { "study.tracker-bundle.jsonl" }, false)]
    public void Import_formats_are_told_from_bundles(string[] args, bool handled) => Assert.Equal(handled, ImportCommand.Handles(args));

    private static RunImportResult Result() =>
        new("s", "mlflow", 2, 2, 10, 4, 0, "math500",
            [new ImportedSourceRunView(Guid.NewGuid(), "r-aaaa", "aaaa", "Qwen2.5-7B", 7e9, 512, "completed", 5, 2, ["math500"])],
            []);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(CapturingServer server, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var line = CommandLine.Parse([.. args, "--url", server.Url], ImportCommand.Options, ImportCommand.Flags);
        var code = await ImportCommand.RunAsync(line, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
