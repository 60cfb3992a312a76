using System.Net;
using System.Net.Http.Json;
using Tracker.Domain.Identity;
using Tracker.Server.Tests.Infrastructure;
using static Tracker.Server.Tests.Import.ImportFixtures;

namespace Tracker.Server.Tests.Import;

/// <summary>POST /api/v1/studies/{study}/import/wandb-csv on a real database: W&amp;B history CSVs of a veRL run (config
/// as a sidecar part) and of a TRL run (options on the command line) become runs with the right N, D, C and L;
/// importing again stores nothing new; malformed files are 400s with line numbers and store nothing.</summary>
public sealed class WandbCsvImportTests : IAsyncLifetime
{
    private static readonly string VerlHistory = Text("verl-wandb-history.csv");
    private static readonly string VerlConfig = Text("verl-wandb-config.json");
    private static readonly string TrlHistory = Text("trl-wandb-history.csv");

    private TrackerApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = new TrackerApp(await TestDatabase.CreateAsync());
        _api = new Api(_app.CreateClient());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_verl_history_with_its_config_fills_the_study_dataset_and_a_reimport_is_all_duplicates()
    {
        var result = await ResultAsync(await PostWandbFormAsync(_api, "wb", VerlHistory, VerlConfig, "run=qwen-3b-grpo&lossDataset=math500"));

        Assert.Equal(("wandb-csv", 1, 5, 3, 0), (result.Format, result.Runs, result.Steps, result.Evaluations, result.Duplicates));
        var imported = Assert.Single(result.Imported);
        Assert.Equal((DeterministicGuid.ForRun("wb", "qwen-3b-grpo"), "Qwen2.5-3B-Instruct", 3e9, 256, "completed"), (imported.RunId, imported.Model, imported.N, imported.BatchSize, imported.Status));
        Assert.Contains(result.Notes, n => n.Contains("val/generations", StringComparison.Ordinal));

        var points = await PointsAsync(_app, _api, "wb", imported.RunId);
        Assert.Equal([0L, 2, 4], points.Select(p => p.Step));
        Assert.Equal([0, 512, 1024], points.Select(p => p.D));
        AssertClose([0, 6 * 3e9 * 7.9e6, 6 * 3e9 * 16.2e6], points.Select(p => p.C));
        AssertClose([0.75, 0.71, 0.67], points.Select(p => p.L));
        var steps = await _api.GetStoredStepsAsync(imported.RunId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1737000055625), steps.Single(s => s.Step == 1).Time);
        Assert.Null(steps.Single(s => s.Step == 3).Loss);

        var events = await CountRunEventsAsync(_app);
        var again = await ResultAsync(await PostWandbFormAsync(_api, "wb", VerlHistory, VerlConfig, "run=qwen-3b-grpo&lossDataset=math500"));

        Assert.Equal((0, 0, 0, 1 + 5 + 3), (again.Runs, again.Steps, again.Evaluations, again.Duplicates));
        Assert.Equal(events, await CountRunEventsAsync(_app));
    }

    [Fact]
    public async Task A_trl_history_steps_by_global_step_merges_eval_rows_and_counts_the_prompts_between_logged_steps()
    {
        var result = await ResultAsync(await PostWandbCsvAsync(_api, "trl", TrlHistory, "run=trl-7b&modelSize=7B&batchSize=64&lossDataset=gsm8k"));

        var imported = Assert.Single(result.Imported);
        Assert.Equal((7e9, 3, 2), (imported.N, imported.Steps, imported.Evaluations));
        Assert.Contains(result.Notes, n => n.Contains("5 rows held 3 distinct steps of train/global_step", StringComparison.Ordinal));
        var steps = await _api.GetStoredStepsAsync(imported.RunId);
        Assert.Equal([10L, 20, 30], steps.Select(s => s.Step));
        Assert.Equal([1.0e6, 1.1e6, 1.2e6], steps.Select(s => Math.Round(s.Tokens!.Value)));
        Assert.Equal([640.0, 640, 640], steps.Select(s => s.Samples!.Value));

        var points = await PointsAsync(_app, _api, "trl", imported.RunId);
        Assert.Equal([1280.0, 1920], points.Select(p => p.D));
        AssertClose([6 * 7e9 * 2.1e6, 6 * 7e9 * 3.3e6], points.Select(p => p.C));
        AssertClose([0.69, 0.64], points.Select(p => p.L));
    }

    [Fact]
    public async Task A_studys_own_convention_mapping_reads_names_the_built_in_conventions_do_not_know()
    {
        await ResultAsync(await PostWandbCsvAsync(_api, "custom", TrlHistory, "run=first&modelSize=7B&batchSize=64"));
        var mapping = await _api.Http.PutAsJsonAsync(new Uri("/api/v1/studies/custom/conventions", UriKind.Relative), new
        {
            @params = new Dictionary<string, string> { ["batchSize"] = "cfg.prompts" },
            metrics = new Dictionary<string, string> { ["reward"] = "my/score" },
            evaluations = new Dictionary<string, string> { ["my/heldout_acc"] = "heldout" },
        }, Api.Json);
        await Api.EnsureAsync(mapping, HttpStatusCode.OK);

        var result = await ResultAsync(await PostWandbFormAsync(_api, "custom", "_step,my/score,my/heldout_acc\n1,0.5,0.2\n2,0.6,0.3\n", "{\"cfg\": {\"prompts\": 128}}", "run=mapped&modelSize=1.5B"));

        var imported = result.Imported.Single();
        Assert.Equal((128, 2, 2), (imported.BatchSize, imported.Steps, imported.Evaluations));
        Assert.Equal(["heldout"], imported.EvaluationDatasets);
        Assert.Equal([0.5, 0.6], (await _api.GetStoredStepsAsync(imported.RunId)).Select(s => s.Reward!.Value));
    }

    [Theory]
    [InlineData("_step,_timestamp,train/reward\n0,1737000000,0.1\n1,1737000060\n", "line 3", "has 2 fields, the header has 3")]
    [InlineData("_step,_timestamp,train/reward\n0,1737000000,0.1\n1.5,1737000060,0.2\n", "line 3, _step", "'1.5' is not a whole step number")]
    [InlineData("_step,_timestamp,train/reward\n0,1737000000,0.1\n-2,1737000060,0.2\n", "line 3, _step", "must be a step in")]
    [InlineData("_step,_timestamp,train/reward\n,1737000000,0.1\n", "line 2, _step", "every row needs its step")]
    [InlineData("_step,_timestamp,train/reward\n0,yesterday,0.1\n", "line 2, _timestamp", "not a Unix time")]
    [InlineData("_runtime,train/reward\n1,0.1\n", "line 1", "no step column")]
    [InlineData("_step,train/reward,train/reward\n0,0.1,0.1\n", "line 1, train/reward", "more than once")]
    [InlineData("_step,train/reward\n", "line 2", "no rows")]
    [InlineData("", "line 1", "the file is empty")]
    [InlineData("_step,note\n0,\"unterminated\n", "line 2", "unterminated quoted field")]
    public async Task A_malformed_history_is_a_400_with_its_line_and_stores_nothing(string csv, string where, string message)
    {
        var response = await PostWandbCsvAsync(_api, "bad", csv, "run=r&modelSize=7B");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await Api.ProblemAsync(response)).GetProperty("errors")[0];
        Assert.Equal(where, error.GetProperty("field").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.Database.CountEventsAsync());
    }

    [Fact]
    public async Task A_missing_run_name_a_bad_status_a_broken_config_and_json_instead_of_csv_are_refused()
    {
        var noRun = await PostWandbCsvAsync(_api, "s", TrlHistory, "modelSize=7B&status=done");
        var brokenConfig = await PostWandbFormAsync(_api, "s", VerlHistory, "{\"data\": ", "run=r");
        var json = await _api.Http.PostAsync(new Uri("/api/v1/studies/s/import/wandb-csv?run=r", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, noRun.StatusCode);
        Assert.Equal(["run", "status"], (await Api.ProblemAsync(noRun)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, brokenConfig.StatusCode);
        Assert.Equal("config", (await Api.ProblemAsync(brokenConfig)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(0, await _app.Database.CountEventsAsync());
    }
}
