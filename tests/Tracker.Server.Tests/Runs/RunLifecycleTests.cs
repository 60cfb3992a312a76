using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Runs;

public sealed class RunLifecycleTests
{
    [Theory]
    [InlineData(Transport.InMemory)]
    [InlineData(Transport.RabbitMq)]
    public async Task Register_steps_evaluations_finish_give_the_right_summary_and_events(Transport transport)
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), transport);
        var api = new Api(app.CreateClient());

        var run = await api.RegisterAsync("sweep", "qwen-7b-seed0", parameters: 7e9, batchSize: 512, uniqueSamples: 51_200);
        Assert.Equal("running", run.Status);
        Assert.Equal(7e9, run.Model.Parameters);

        var steps = Enumerable.Range(1, 10).Reverse()
            .Select(i => new StepData(i, Reward: 0.1 * i, Loss: 1.0 / i, Tokens: 1_000 * i, Metrics: new Dictionary<string, double> { ["kl"] = 0.01 * i }))
            .ToList();
        var logged = await api.LogStepsAsync(run.RunId, steps);
        Assert.Equal((10, 0), (logged.Accepted, logged.Duplicates));

        var evaluated = await api.RecordEvaluationsAsync(run.RunId, [new EvaluationData(5, "holdout", 0.30, 500), new EvaluationData(10, "holdout", 0.35, 500)]);
        Assert.Equal(2, evaluated.Accepted);

        var finish = await api.PostAsync($"/api/v1/runs/{run.RunId}/finish", new { status = "completed", reason = "105 steps" });
        Assert.Equal(HttpStatusCode.OK, finish.StatusCode);

        var summary = await api.GetRunAsync(run.RunId);
        Assert.Equal("completed", summary.Status);
        Assert.Equal("105 steps", summary.StatusReason);
        Assert.Equal(10, summary.StepCount);
        Assert.Equal(10, summary.LastStep);
        Assert.Equal(1.0, summary.LastReward!.Value, 12);
        Assert.Equal(0.1, summary.LastLoss!.Value, 12);
        Assert.Equal(10 * 512, summary.SamplesConsumed);
        Assert.Equal(10 * 512 / 51_200.0, summary.Tau!.Value, 12);
        Assert.Equal(6 * 7e9 * 55_000, summary.Compute, 1);
        Assert.Equal(0.35, summary.LastEvaluations["holdout"].PassAt1);

        var events = await api.GetAllEventsAsync(run.RunId, pageSize: 2);
        Assert.Equal(["RunRegistered", "StepsLogged", "EvaluationsRecorded", "RunFinished"], events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Version));
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.CorrelationId));
            Assert.False(string.IsNullOrEmpty(e.CausationId));
            Assert.True(e.Headers.ContainsKey("client"));
        });

        var study = await app.CreateClient().GetFromJsonAsync<Tracker.Contracts.Studies.StudyDetailView>(new Uri("/api/v1/studies/sweep", UriKind.Relative), Api.Json);
        Assert.Equal([run.RunId], study!.Runs.Select(r => r.RunId));
        Assert.Equal([7e9], study.Study.ModelSizes);
    }

    [Fact]
    public async Task A_correlation_id_sent_by_the_client_is_recorded_on_the_events()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("s", "r");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/runs/{run.RunId}/steps")
        {
            Content = JsonContent.Create(new { steps = new[] { new { step = 1 } } }),
        };
        request.Headers.Add("X-Correlation-Id", "job-42/attempt-3");
        request.Headers.Add("X-Tracker-Client", "verl/0.3.1");
        (await api.Http.SendAsync(request)).EnsureSuccessStatusCode();

        var logged = (await api.GetAllEventsAsync(run.RunId)).Single(e => e.Type == "StepsLogged");
        Assert.Equal("job-42/attempt-3", logged.CorrelationId);
        Assert.Equal("verl/0.3.1", logged.Headers["client"]);
    }

    [Fact]
    public async Task The_model_size_is_read_from_the_model_name_when_not_given()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var response = await api.PostAsync("/api/v1/runs", new { study = "s", name = "r", model = new { family = "Qwen2.5-72B-Instruct" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<RunSummaryView>(Api.Json);
        Assert.Equal(72e9, run!.Model.Parameters);
    }

    [Fact]
    public async Task Readiness_checks_postgres_and_the_bus()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var response = await app.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Runs_registered_at_once_into_a_new_study_are_all_counted_in_it()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => api.RegisterAsync("crowd", $"run-{i}", parameters: (1 + (i % 3)) * 1e9)));

        var study = await app.CreateClient().GetFromJsonAsync<Tracker.Contracts.Studies.StudyDetailView>(new Uri("/api/v1/studies/crowd", UriKind.Relative), Api.Json);
        Assert.Equal(24, study!.Study.RunCount);
        Assert.Equal(24, study.Runs.Count);
        Assert.Equal([1e9, 2e9, 3e9], study.Study.ModelSizes);
    }
}
