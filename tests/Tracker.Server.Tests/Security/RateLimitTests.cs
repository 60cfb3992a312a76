using System.Net;
using System.Net.Http.Json;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_flooding_token_gets_429_with_retry_after_while_another_token_is_served()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?>
        {
            ["Tracker:Limits:WritesPerSecond"] = "5",
            ["Tracker:Limits:WriteBurst"] = "10",
        });
        var admin = app.CreateClient();
        var flooder = app.CreateClient(await SecurityWorld.IssueAsync(admin, "default", "write", "flooder"));
        var polite = app.CreateClient(await SecurityWorld.IssueAsync(admin, "default", "write", "polite"));
        var floodRun = await new Api(flooder).RegisterAsync("limits", "flood");
        var politeRun = await new Api(polite).RegisterAsync("limits", "polite");

        var flood = Enumerable.Range(0, 60).Select(i => flooder.PostAsJsonAsync($"/api/v1/runs/{floodRun.RunId}/steps", new { steps = new[] { new { step = i } } })).ToList();
        var politeAnswers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            politeAnswers.Add(await polite.PostAsJsonAsync($"/api/v1/runs/{politeRun.RunId}/steps", new { steps = new[] { new { step = i } } }));
        }

        var floodAnswers = await Task.WhenAll(flood);
        var limited = floodAnswers.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Contains("write requests per second", await limited[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(floodAnswers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.All(politeAnswers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        // What was refused was not stored: the run holds exactly the accepted steps.
        var accepted = floodAnswers.Count(r => r.StatusCode == HttpStatusCode.OK);
        var summary = await new Api(admin).GetRunAsync(floodRun.RunId);
        Assert.Equal(accepted, summary.StepCount);
    }

    [Fact]
    public async Task Reads_are_not_limited_by_the_write_budget()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?>
        {
            ["Tracker:Limits:WritesPerSecond"] = "1",
            ["Tracker:Limits:WriteBurst"] = "1",
        });
        var admin = app.CreateClient();
        var run = await new Api(admin).RegisterAsync("limits", "reads");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => admin.GetAsync($"/api/v1/runs/{run.RunId}")));
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}
