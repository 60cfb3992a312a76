using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

public sealed class TokenTests
{
    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_dead_once_revoked()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var admin = app.CreateClient();
        var secret = await SecurityWorld.IssueAsync(admin, "default", "write", "ci-job");
        Assert.StartsWith("trk_", secret, StringComparison.Ordinal);

        // Listing never shows a secret again, and the store holds only its SHA-256.
        var listed = await admin.GetStringAsync("/api/v1/projects/default/tokens");
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        var stored = await app.Database.ScalarAsync<string>("select string_agg(data::text, '') from tracker.mt_doc_apitoken");
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))), stored, StringComparison.Ordinal);

        var job = app.CreateClient(secret);
        var run = await new Api(job).RegisterAsync("tokens", "run-1");
        var id = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "ci-job").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/projects/default/tokens/{id}")).StatusCode);

        var after = await job.PostAsJsonAsync($"/api/v1/runs/{run.RunId}/steps", new { steps = new[] { new { step = 1 } } });
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_event_records_the_token_that_caused_it()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var secret = await SecurityWorld.IssueAsync(app.CreateClient(), "default", "write", "veRL-job-17");
        var api = new Api(app.CreateClient(secret));
        var run = await api.RegisterAsync("who", "run-1");
        await api.LogStepsAsync(run.RunId, [new Tracker.Contracts.Runs.StepData(1, Reward: 0.5)]);

        var users = await app.Database.ScalarAsync<string>($"select string_agg(distinct coalesce(user_name, '<none>'), ',') from tracker.mt_events where stream_id = '{run.RunId}'");
        Assert.StartsWith("token:veRL-job-17#", users, StringComparison.Ordinal);
        Assert.DoesNotContain(",", users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_token_cannot_read_and_a_read_token_cannot_write()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var admin = app.CreateClient();
        var write = app.CreateClient(await SecurityWorld.IssueAsync(admin, "default", "write"));
        var read = app.CreateClient(await SecurityWorld.IssueAsync(admin, "default", "read"));
        var run = await new Api(write).RegisterAsync("scopes", "run-1");

        Assert.Equal(HttpStatusCode.Forbidden, (await write.GetAsync($"/api/v1/runs/{run.RunId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/v1/runs/{run.RunId}")).StatusCode);
        var eventsBefore = await app.Database.CountEventsAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await read.PostAsJsonAsync($"/api/v1/runs/{run.RunId}/steps", new { steps = new[] { new { step = 1 } } })).StatusCode);
        Assert.Equal(eventsBefore, await app.Database.CountEventsAsync());
    }

    [Fact]
    public async Task The_first_start_without_a_configured_admin_creates_one_admin_token()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var app = new TrackerApp(database, settings: new Dictionary<string, string?> { ["Tracker:Auth:AdminToken"] = null }))
        {
            _ = app.Server;
        }

        await using (var again = new TrackerApp(database, settings: new Dictionary<string, string?> { ["Tracker:Auth:AdminToken"] = null }))
        {
            _ = again.Server;
        }

        var admins = await database.ScalarAsync<long>("select count(*) from tracker.mt_doc_apitoken where data->>'project' = '*' and data->>'scope' = 'Admin'");
        Assert.Equal(1, admins);
    }
}
