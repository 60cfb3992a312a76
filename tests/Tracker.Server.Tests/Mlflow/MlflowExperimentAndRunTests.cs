using System.Net;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

public sealed class MlflowExperimentAndRunTests(MlflowServer server) : IClassFixture<MlflowServer>
{
    private const long Start = 1_737_000_000_000;

    [Fact]
    public async Task A_retried_runs_create_answers_the_run_it_made_and_registers_nothing_more()
    {
        var wire = server.Wire();
        var experimentId = await wire.SetExperimentAsync("create-retry");
        var before = await server.App.Database.CountRunEventsAsync();

        var first = await wire.StartRunAsync(experimentId, "seed0", Start);
        var retried = await wire.StartRunAsync(experimentId, "seed0", Start);
        var later = await wire.StartRunAsync(experimentId, "seed0", Start + 1);

        Assert.Equal(first, retried);
        Assert.NotEqual(first, later);
        Assert.Equal(before + 2, await server.App.Database.CountRunEventsAsync());
        var study = await server.Api().Http.GetStringAsync(new Uri("/api/v1/studies/create-retry", UriKind.Relative));
        Assert.Contains(Guid.ParseExact(first, "N").ToString(), study, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_experiment_goes_to_the_default_experiment_and_gets_a_name()
    {
        var wire = server.Wire();
        var created = (await wire.PostAsync("runs/create", """{"start_time": 1737000000000, "tags": [{"key": "mlflow.user", "value": "bob"}]}""")).Ok();
        var info = created.GetProperty("run").GetProperty("info");

        Assert.Equal("0", info.GetProperty("experiment_id").GetString());
        Assert.StartsWith("run-", info.GetProperty("run_name").GetString(), StringComparison.Ordinal);
        Assert.Equal("RUNNING", info.GetProperty("status").GetString());
        Assert.False(info.TryGetProperty("end_time", out _));
        var tags = created.GetProperty("run").GetProperty("data").GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal(info.GetProperty("run_name").GetString(), tags["mlflow.runName"]);
        var experiment = (await wire.GetAsync("experiments/get?experiment_id=0")).Ok().GetProperty("experiment");
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Experiments_answer_as_mlflow_does_for_duplicates_unknown_ids_and_bad_names()
    {
        var wire = server.Wire();
        var id = await wire.SetExperimentAsync("experiment-errors");

        (await wire.PostAsync("experiments/create", """{"name": "experiment-errors"}""")).AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        (await wire.PostAsync("experiments/create", """{}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("experiments/create", $$"""{"name": "{{new string('x', 251)}}"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.GetAsync("experiments/get?experiment_id=123")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await wire.GetAsync("experiments/get-by-name")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/create", """{"experiment_id": "123", "start_time": 1}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var experiment = (await wire.GetAsync($"experiments/get?experiment_id={id}")).Ok().GetProperty("experiment");
        Assert.Equal(("experiment-errors", "active", $"mlflow-artifacts:/{id}"),
            (experiment.GetProperty("name").GetString(), experiment.GetProperty("lifecycle_stage").GetString(), experiment.GetProperty("artifact_location").GetString()));
    }

    [Fact]
    public async Task A_run_name_that_disagrees_with_its_runName_tag_is_refused()
    {
        var wire = server.Wire();
        var id = await wire.SetExperimentAsync("name-clash");
        var answer = await wire.PostAsync("runs/create", $$"""{"experiment_id": "{{id}}", "run_name": "a", "start_time": 1, "tags": [{"key": "mlflow.runName", "value": "b"}]}""");
        answer.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Experiments_are_searched_by_name_and_paged()
    {
        var wire = server.Wire();
        foreach (var name in new[] { "search-exp-a", "search-exp-b", "search-exp-c" })
        {
            await wire.SetExperimentAsync(name);
        }

        var page = (await wire.PostAsync("experiments/search", """{"filter": "name LIKE 'search-exp-%'", "max_results": 2, "order_by": ["name ASC"]}""")).Ok();
        Assert.Equal(["search-exp-a", "search-exp-b"], page.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var token = page.GetProperty("next_page_token").GetString();
        var rest = (await wire.PostAsync("experiments/search", $$"""{"filter": "name LIKE 'search-exp-%'", "max_results": 2, "order_by": ["name ASC"], "page_token": "{{token}}"}""")).Ok();
        Assert.Equal(["search-exp-c"], rest.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.False(rest.TryGetProperty("next_page_token", out _));

        var viaGet = (await wire.GetAsync("experiments/search?filter=name%20%3D%20%27search-exp-b%27&max_results=10")).Ok();
        Assert.Single(viaGet.GetProperty("experiments").EnumerateArray());
        (await wire.PostAsync("experiments/search", """{"filter": "name LIKE"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Ending_a_run_finishes_it_once_and_a_later_status_or_resume_does_not_fail_the_client()
    {
        var wire = server.Wire();
        var runId = await wire.StartRunAsync(await wire.SetExperimentAsync("end-run"), "r", Start);

        await wire.EndRunAsync(runId, Start + 10, "FAILED");
        await wire.EndRunAsync(runId, Start + 20, "FINISHED"); // MLflow's exit hook after a failure
        var resumed = (await wire.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "status": "RUNNING"}""")).Ok();

        Assert.Equal("FAILED", resumed.GetProperty("run_info").GetProperty("status").GetString());
        Assert.Equal("failed", (await server.Api().GetRunAsync(Guid.ParseExact(runId, "N"))).Status);
        (await wire.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "status": "DONE"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await wire.PostAsync("runs/update", """{"run_id": "0123456789abcdef0123456789abcdef", "status": "FINISHED"}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var renamed = (await wire.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "run_name": "renamed"}""")).Ok();
        Assert.Equal("renamed", renamed.GetProperty("run_info").GetProperty("run_name").GetString());
    }
}
