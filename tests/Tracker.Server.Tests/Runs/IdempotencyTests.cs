using System.Net;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Runs;

public sealed class IdempotencyTests
{
    [Fact]
    public async Task Registering_the_same_run_twice_answers_200_and_stores_one_registration()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var body = new { study = "s", name = "run-a", model = new { parameters = 1.5e9 } };

        var first = await api.PostAsync("/api/v1/runs", body);
        var second = await api.PostAsync("/api/v1/runs", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, await db.CountRunEventsAsync()); // one RunRegistered
    }

    [Fact]
    public async Task The_same_run_id_with_another_body_is_a_409_that_says_what_differs()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var id = Guid.NewGuid();
        await api.RegisterAsync("s", "run-a", parameters: 7e9, runId: id);
        var before = await db.CountRunEventsAsync();

        var conflict = await api.PostAsync("/api/v1/runs", new { runId = id, study = "s", name = "run-a", model = new { parameters = 14e9 } });

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("model differs", (await Api.ProblemAsync(conflict)).GetProperty("detail").GetString());
        Assert.Equal(before, await db.CountRunEventsAsync());
    }

    [Fact]
    public async Task Reposted_steps_are_duplicates_and_a_changed_step_is_a_409_naming_it()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("s", "r");
        var steps = Enumerable.Range(0, 100).Select(i => new StepData(i, Reward: i / 100.0)).ToList();
        await api.LogStepsAsync(run.RunId, steps);
        var events = await db.CountRunEventsAsync();

        var retry = await api.LogStepsAsync(run.RunId, steps);
        Assert.Equal((0, 100), (retry.Accepted, retry.Duplicates));
        Assert.Equal(events, await db.CountRunEventsAsync());

        var mixed = await api.LogStepsAsync(run.RunId, [steps[5], new StepData(100, Reward: 1)]);
        Assert.Equal((1, 1), (mixed.Accepted, mixed.Duplicates));

        var changed = await api.PostAsync($"/api/v1/runs/{run.RunId}/steps", new { steps = new object[] { new { step = 101, reward = 0.5 }, new { step = 42, reward = 0.99 } } });
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains("step 42", (await Api.ProblemAsync(changed)).GetProperty("detail").GetString());
        // Nothing of the rejected batch is stored, not even its new step 101.
        Assert.Equal(101, (await api.GetRunAsync(run.RunId)).StepCount);
    }

    [Fact]
    public async Task Evaluations_are_idempotent_per_step_and_dataset()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("s", "r");
        await api.RecordEvaluationsAsync(run.RunId, [new EvaluationData(10, "holdout", 0.4), new EvaluationData(10, "aime", 0.1)]);

        var again = await api.RecordEvaluationsAsync(run.RunId, [new EvaluationData(10, "holdout", 0.4)]);
        Assert.Equal((0, 1), (again.Accepted, again.Duplicates));

        var changed = await api.PostAsync($"/api/v1/runs/{run.RunId}/evaluations", new { evaluations = new[] { new { step = 10, dataset = "aime", passAt1 = 0.2 } } });
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains("'aime' at step 10", (await Api.ProblemAsync(changed)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Finishing_twice_with_the_same_status_is_a_no_op_and_with_another_a_409()
    {
        var db = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(db);
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("s", "r");

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/runs/{run.RunId}/finish", new { status = "failed", reason = "OOM" })).StatusCode);
        var events = await db.CountRunEventsAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/runs/{run.RunId}/finish", new { status = "failed", reason = "OOM" })).StatusCode);
        Assert.Equal(events, await db.CountRunEventsAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/runs/{run.RunId}/finish", new { status = "completed" })).StatusCode);
    }
}
