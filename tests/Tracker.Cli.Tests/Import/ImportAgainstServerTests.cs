using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Cli.Import;
using Tracker.Cli.Tests.Audit;
using Tracker.Contracts.Studies;

namespace Tracker.Cli.Tests.Import;

/// <summary><c>tracker import mlflow</c> and <c>tracker import wandb-csv</c> against the real server on a real port and
/// a fresh PostgreSQL: an exported experiment lands in the study's dataset with its N, D and L, importing it again
/// stores nothing, and a broken file is refused with the file and JSON path named and nothing stored.</summary>
public sealed class ImportAgainstServerTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private CliTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CliTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_exported_experiment_fills_the_study_dataset_and_importing_it_again_stores_nothing()
    {
        var (code, output, error) = await RunAsync("mlflow", Fixture("mlflow-export"), "--study", "sweep", "--loss-dataset", "math500");

        Assert.True(code == 0, error);
        Assert.Contains("2 runs; stored 2 new runs, 8 steps, 4 evaluations; 0 already stored; loss dataset math500", output, StringComparison.Ordinal);
        await _server.ProjectionsAsync();
        using var http = _server.Http();
        var dataset = (await http.GetFromJsonAsync<DatasetView>(new Uri("/api/v1/studies/sweep/dataset", UriKind.Relative), Json))!;
        Assert.Equal(
            [(0.5e9, 0L, 0.0, 0.90), (0.5e9, 3, 384, 0.84), (7e9, 0, 0, 0.60), (7e9, 3, 384, 0.48)],
            dataset.Points.Select(p => (p.N, p.Step, p.D, Math.Round(p.L, 9))));
        Assert.Equal(6 * 7e9 * 3.6e6, dataset.Points[^1].C, 6 * 7e9 * 3.6e6 * 1e-12);

        var (againCode, again, _) = await RunAsync("mlflow", Fixture("mlflow-export"), "--study", "sweep", "--loss-dataset", "math500");

        Assert.Equal(0, againCode);
        Assert.Contains("stored 0 new runs, 0 steps, 0 evaluations; 14 already stored", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wandb_history_with_its_config_becomes_a_run_of_the_study()
    {
        var (code, output, error) = await RunAsync("wandb-csv", Fixture("wandb-history.csv"), "--study", "trl", "--run", "trl-1.5b", "--config", Fixture("wandb-config.json"), "--batch-size", "32");

        Assert.True(code == 0, error);
        Assert.Contains("trl-1.5b (trl-1.5b): N 1.5B, batch 32, 2 steps, 1 evaluations (math500), completed", output, StringComparison.Ordinal);
        await _server.ProjectionsAsync();
        using var http = _server.Http();
        var point = Assert.Single((await http.GetFromJsonAsync<DatasetView>(new Uri("/api/v1/studies/trl/dataset", UriKind.Relative), Json))!.Points);
        Assert.Equal((1.5e9, 10L, 320.0, 0.65), (point.N, point.Step, point.D, Math.Round(point.L, 9)));
    }

    [Fact]
    public async Task A_broken_run_file_is_refused_naming_the_file_and_the_json_path_and_nothing_is_stored()
    {
        var dir = Directory.CreateTempSubdirectory("tracker-mlflow-").FullName;
        try
        {
            File.Copy(Fixture("mlflow-export/2f0c71bd5e7a4c3e9d21a8b6c4e5f701/run.json"), Path.Combine(dir, "a-run.json.bak"));
            Directory.CreateDirectory(Path.Combine(dir, "a"));
            Directory.CreateDirectory(Path.Combine(dir, "b"));
            File.Copy(Fixture("mlflow-export/2f0c71bd5e7a4c3e9d21a8b6c4e5f701/run.json"), Path.Combine(dir, "a", "run.json"));
            var broken = File.ReadAllText(Fixture("mlflow-export/9a8b7c6d5e4f40312233445566778899/run.json")).Replace("\"step\": 2}", "\"step\": -2}", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "b", "run.json"), broken);

            var (code, _, error) = await RunAsync("mlflow", dir, "--study", "broken");

            Assert.Equal(1, code);
            Assert.Contains("tracker: 400 Invalid mlflow file", error, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(dir, "b", "run.json") + ": $.mlflow.metrics['critic/rewards/mean'][1].step: is -2: Tracker steps start at 0", error, StringComparison.Ordinal);
            using var http = _server.Http();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/v1/studies/broken", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Fixture(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var line = CommandLine.Parse([.. args, "--url", _server.Url, "--token", CliTestServer.Token], ImportCommand.Options, ImportCommand.Flags);
        var code = await ImportCommand.RunAsync(line, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
