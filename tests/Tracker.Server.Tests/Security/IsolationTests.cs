using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

/// <summary>One project's callers cannot see or change another's data, whatever they ask.</summary>
public sealed class IsolationTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    [Fact]
    public async Task Lists_show_only_the_callers_projects()
    {
        var beta = await world.Client(Caller.BetaAdmin).GetFromJsonAsync<List<StudyView>>("/api/v1/studies", Api.Json);
        Assert.DoesNotContain(beta!, s => s.Name == SecurityWorld.Study);
        var alpha = await world.Client(Caller.AlphaRead).GetFromJsonAsync<List<StudyView>>("/api/v1/studies", Api.Json);
        Assert.Contains(alpha!, s => s.Name == SecurityWorld.Study && s.Project == "alpha");

        var projects = await world.Client(Caller.BetaAdmin).GetStringAsync("/api/v1/projects");
        Assert.Contains("\"beta\"", projects, StringComparison.Ordinal);
        Assert.DoesNotContain("\"alpha\"", projects, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_projects_run_and_study_answer_exactly_like_missing_ones()
    {
        var beta = world.Client(Caller.BetaAdmin);
        var hidden = await beta.GetAsync($"/api/v1/runs/{world.RunId}");
        var missing = await beta.GetAsync($"/api/v1/runs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var before = await world.App.Database.CountEventsAsync();
        var post = await beta.PostAsJsonAsync($"/api/v1/runs/{world.RunId}/steps", new { steps = new[] { new { step = 99 } } });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(before, await world.App.Database.CountEventsAsync());
    }

    [Fact]
    public async Task A_write_token_registers_into_its_own_project_and_cannot_take_a_name_in_use()
    {
        var admin = world.App.CreateClient();
        var betaWrite = world.App.CreateClient(await SecurityWorld.IssueAsync(admin, "beta", "write", "beta-job"));
        var run = await new Api(betaWrite).RegisterAsync("beta-study", "run-1");
        var study = await world.Client(Caller.BetaAdmin).GetFromJsonAsync<StudyDetailView>("/api/v1/studies/beta-study", Api.Json);
        Assert.Equal("beta", study!.Study.Project);
        Assert.Equal(run.RunId, Assert.Single(study.Runs).RunId);

        var taken = await betaWrite.PostAsJsonAsync("/api/v1/runs", new { study = SecurityWorld.Study, name = "intruder", model = new { parameters = 7e9 } });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("taken by another project", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_cors_stays_closed()
    {
        var response = await world.Client(Caller.AlphaRead).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/studies");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var answer = await world.Client(Caller.AlphaRead).SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
