using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Observability;

public sealed partial class CorrelationTests
{
    [Fact]
    public async Task A_request_answers_its_correlation_id_and_the_events_record_the_same()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        var run = await api.RegisterAsync("corr", "r0");

        // Without a header: the W3C trace id of the request.
        var response = await api.Http.PostAsJsonAsync($"/api/v1/runs/{run.RunId}/steps", new { steps = new[] { new StepData(1, Reward: 0.1) } });
        response.EnsureSuccessStatusCode();
        var traceId = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches(TraceId(), traceId);

        // With one: the caller's id, as given.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/runs/{run.RunId}/steps")
        {
            Content = JsonContent.Create(new { steps = new[] { new StepData(2, Reward: 0.2) } }),
        };
        request.Headers.Add("X-Correlation-Id", "job-42/attempt-1");
        var given = await api.Http.SendAsync(request);
        given.EnsureSuccessStatusCode();
        Assert.Equal("job-42/attempt-1", Assert.Single(given.Headers.GetValues("X-Correlation-Id")));

        var events = await api.GetAllEventsAsync(run.RunId);
        Assert.Equal([traceId, "job-42/attempt-1"], events.Where(e => e.Type == "StepsLogged").Select(e => e.CorrelationId));
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
