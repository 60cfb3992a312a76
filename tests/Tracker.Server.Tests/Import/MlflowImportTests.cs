using System.Net;
using Tracker.Domain.Identity;
using Tracker.Server.Tests.Infrastructure;
using static Tracker.Server.Tests.Import.ImportFixtures;

namespace Tracker.Server.Tests.Import;

/// <summary>POST /api/v1/studies/{study}/import/mlflow on a real database: mlflow-export-import run.json files of veRL
/// runs become runs whose N, D, C and L the study's dataset shows; importing again stores nothing new; a malformed
/// or conflicting file stores nothing.</summary>
public sealed class MlflowImportTests : IAsyncLifetime
{
    private static readonly string Run = Text("verl-mlflow-run.json");
    private static readonly string OldLayoutRun = Text("verl-mlflow-run-old-layout.json");

    private TrackerApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = new TrackerApp(await TestDatabase.CreateAsync());
        _api = new Api(_app.CreateClient());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_verl_run_export_fills_the_study_dataset_with_N_D_C_and_L_and_a_reimport_is_all_duplicates()
    {
        var result = await ResultAsync(await PostMlflowAsync(_api, "verl", Run, "lossDataset=math500"));

        Assert.Equal(("verl", "mlflow", 1, 1, 5, 3, 0, "math500"), (result.Study, result.Format, result.RunsInFile, result.Runs, result.Steps, result.Evaluations, result.Duplicates, result.LossDataset));
        var imported = Assert.Single(result.Imported);
        Assert.Equal("qwen-1.5b-grpo-a1b2c3d4", imported.Name);
        Assert.Equal(DeterministicGuid.ForRun("verl", "qwen-1.5b-grpo-a1b2c3d4"), imported.RunId);
        Assert.Equal(("a1b2c3d4e5f60718293a4b5c6d7e8f90", "Qwen2.5-1.5B-Instruct", 1.5e9, 512, "completed"), (imported.SourceRunId, imported.Model, imported.N, imported.BatchSize, imported.Status));
        Assert.Equal(["math500"], imported.EvaluationDatasets);
        Assert.Contains(result.Notes, n => n.Contains("1 NaN", StringComparison.Ordinal));

        var run = await _api.GetRunAsync(imported.RunId);
        Assert.Equal((1.5e9, 512, 8, "completed", 5L), (run.Model.Parameters, run.Training.BatchSize, run.Training.RolloutN, run.Status, run.StepCount));
        Assert.Equal("rl-scaling", run.Tags["team"]);
        Assert.Equal("mlflow", run.Tags["source"]);
        Assert.Equal(0.40, run.LastReward);

        // D = step × 512; C = Σ 6·N·tokens; L = 1 − acc/mean@1; step 3's reward was logged twice, the later one wins.
        var points = await PointsAsync(_app, _api, "verl", imported.RunId);
        Assert.Equal([0L, 2, 4], points.Select(p => p.Step));
        Assert.All(points, p => Assert.Equal(1.5e9, p.N));
        Assert.Equal([0, 1024, 2048], points.Select(p => p.D));
        AssertClose([0, 6 * 1.5e9 * 8.1e6, 6 * 1.5e9 * 16.6e6], points.Select(p => p.C));
        AssertClose([0.70, 0.64, 0.59], points.Select(p => p.L));
        var steps = await _api.GetStoredStepsAsync(imported.RunId);
        Assert.Equal(0.37, steps.Single(s => s.Step == 3).Reward);
        Assert.Null(steps.Single(s => s.Step == 2).Loss);
        Assert.Equal(97.25, steps.Single(s => s.Step == 2).Metrics!["timing_s/step"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1737000350000), steps.Single(s => s.Step == 3).Time);

        var events = await CountRunEventsAsync(_app);
        var again = await ResultAsync(await PostMlflowAsync(_api, "verl", Run, "lossDataset=math500"));

        Assert.Equal((0, 0, 0, 1 + 5 + 3), (again.Runs, again.Steps, again.Evaluations, again.Duplicates));
        Assert.Equal(events, await CountRunEventsAsync(_app));
    }

    [Fact]
    public async Task An_experiment_export_as_an_array_imports_runs_of_both_layouts_and_a_running_run_stays_open()
    {
        var result = await ResultAsync(await PostMlflowAsync(_api, "sweep", $"[{Run},{OldLayoutRun}]", "lossDataset=math500"));

        Assert.Equal((2, 2, 8, 5), (result.RunsInFile, result.Runs, result.Steps, result.Evaluations));
        var small = result.Imported.Single(r => r.SourceRunId.StartsWith("0f1e", StringComparison.Ordinal));
        Assert.Equal(("qwen-0.5b-grpo-0f1e2d3c", 0.5e9, "running"), (small.Name, small.N, small.Status));
        Assert.Equal("running", (await _api.GetRunAsync(small.RunId)).Status);
        var points = await PointsAsync(_app, _api, "sweep", small.RunId);
        AssertClose([0.88, 0.84], points.Select(p => p.L));
        Assert.Equal([0, 1024], points.Select(p => p.D));
    }

    [Fact]
    public async Task Without_a_loss_dataset_a_new_study_follows_its_first_evaluations_and_options_override_the_parameters()
    {
        var result = await ResultAsync(await PostMlflowAsync(_api, "plain", Run, "modelSize=2B&batchSize=256&status=failed"));

        var imported = Assert.Single(result.Imported);
        Assert.Equal((2e9, 256, "failed"), (imported.N, imported.BatchSize, imported.Status));
        Assert.Equal("math500", result.LossDataset);
        Assert.Equal("failed", (await _api.GetRunAsync(imported.RunId)).Status);
        Assert.Equal([0.70, 0.64, 0.59], (await PointsAsync(_app, _api, "plain", imported.RunId)).Select(p => Math.Round(p.L, 9)));
    }

    [Fact]
    public async Task A_study_mapped_to_another_dataset_keeps_it_and_the_answer_says_how_to_change_it()
    {
        await ResultAsync(await PostMlflowAsync(_api, "mapped", OldLayoutRun, "lossDataset=gsm8k"));

        var result = await ResultAsync(await PostMlflowAsync(_api, "mapped", Run));

        Assert.Equal("gsm8k", result.LossDataset);
        Assert.Contains(result.Notes, n => n.Contains("evaluations were recorded for math500, but the study's loss dataset is 'gsm8k'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"mlflow\": {\"info\": {\"run_id\": \"r1\"}, \"metrics\": {\"loss\": [{\"value\": 1, \"step\": 0}, {\"value\": 2, \"step\": \"two\"}]}}}", "$.mlflow.metrics.loss[1].step", "must be an integer, got \"two\"")]
    [InlineData("{\"mlflow\": {\"info\": {\"run_id\": \"r1\"}, \"metrics\": {\"actor/pg_loss\": [{\"value\": 1, \"step\": -1}]}}}", "$.mlflow.metrics['actor/pg_loss'][0].step", "Tracker steps start at 0")]
    [InlineData("{\"mlflow\": {\"info\": {\"run_id\": \"r1\"}, \"metrics\": {\"loss\": [{\"step\": 1}]}}}", "$.mlflow.metrics.loss[0].value", "is required")]
    [InlineData("{\"mlflow\": {\"info\": {\"run_name\": \"x\"}}}", "$.mlflow.info.run_id", "is required")]
    [InlineData("{\"info\": {\"run_id\": \"r1\", \"status\": \"DONE\"}}", "$.info.status", "unknown run status 'DONE'")]
    [InlineData("{\"runs\": []}", "$", "not an MLflow run export")]
    [InlineData("[{\"info\": {\"run_id\": \"r1\"}}, 3]", "$[1]", "must be an MLflow run document")]
    [InlineData("{\"info\": {\"run_id\": \"r1\"}, \"params\": {\"a\": ", "$", "malformed JSON")]
    [InlineData("", "$", "the body is empty")]
    public async Task A_malformed_export_is_a_400_naming_the_json_path_and_stores_nothing(string json, string path, string message)
    {
        var response = await PostMlflowAsync(_api, "bad", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        var error = problem.GetProperty("errors")[0];
        Assert.Equal(path, error.GetProperty("field").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.Database.CountEventsAsync());
    }

    [Fact]
    public async Task Bad_options_and_a_form_body_are_refused_before_the_file_is_read()
    {
        var option = await PostMlflowAsync(_api, "s", Run, "modelSize=huge&batchSize=0");
        var form = await _api.Http.PostAsync(new Uri("/api/v1/studies/s/import/mlflow", UriKind.Relative), new FormUrlEncodedContent([new("a", "b")]));

        Assert.Equal(HttpStatusCode.BadRequest, option.StatusCode);
        var fields = (await Api.ProblemAsync(option)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["modelSize", "batchSize"], fields);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(0, await _app.Database.CountEventsAsync());
    }

    [Fact]
    public async Task An_export_that_contradicts_stored_steps_is_a_409_and_stores_nothing()
    {
        await ResultAsync(await PostMlflowAsync(_api, "s", Run));
        var before = await CountRunEventsAsync(_app);
        var changed = Run.Replace("{\"value\": 0.34, \"timestamp\": 1737000200000, \"step\": 2}", "{\"value\": 0.99, \"timestamp\": 1737000200000, \"step\": 2}", StringComparison.Ordinal);

        var response = await PostMlflowAsync(_api, "s", $"[{OldLayoutRun},{changed}]");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await Api.ProblemAsync(response)).GetProperty("detail").GetString();
        Assert.Contains("qwen-1.5b-grpo-a1b2c3d4: step 2", detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountRunEventsAsync(_app));
    }
}
