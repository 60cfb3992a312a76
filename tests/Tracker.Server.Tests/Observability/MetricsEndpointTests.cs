using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Observability;

/// <summary>/metrics on a real server and database: Tracker's instruments after real posts, and who may scrape.</summary>
public sealed partial class MetricsEndpointTests
{
    [Theory]
    [InlineData(Transport.InMemory)]
    [InlineData(Transport.RabbitMq)]
    public async Task Scrape_counts_stored_steps_and_evaluations_and_shows_projection_lag_per_shard(Transport transport)
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), transport);
        var api = new Api(app.CreateClient());
        var before = await ScrapeAsync(app.CreateClient());
        Assert.Null(Value(before, "tracker_ingest_records_total", "kind", "step"));

        var run = await api.RegisterAsync("metrics-sweep", "qwen-7b-seed0");
        var steps = Enumerable.Range(1, 25).Select(i => new StepData(i, Reward: 0.01 * i, Tokens: 1_000)).ToList();
        Assert.Equal(25, (await api.LogStepsAsync(run.RunId, steps)).Accepted);
        // The same steps again are duplicates: stored once, counted once.
        Assert.Equal(25, (await api.LogStepsAsync(run.RunId, steps)).Duplicates);
        Assert.Equal(7, (await api.LogStepsAsync(run.RunId, Enumerable.Range(26, 7).Select(i => new StepData(i, Reward: 0.3)))).Accepted);
        Assert.Equal(2, (await api.RecordEvaluationsAsync(run.RunId, [new EvaluationData(10, "holdout", 0.3, 500), new EvaluationData(20, "holdout", 0.4, 500)])).Accepted);
        await app.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var text = await ScrapeAsync(app.CreateClient());
        Assert.Equal(32, Value(text, "tracker_ingest_records_total", "kind", "step"));
        Assert.Equal(2, Value(text, "tracker_ingest_records_total", "kind", "evaluation"));
        Assert.True(Value(text, "tracker_command_duration_seconds_count", "command", "LogSteps") >= 3, text);

        // One gauge per async shard, and the daemon's own high-water mark; caught up means no lag beyond what the
        // live fitter may have appended since (a few events).
        var lag = Samples(text, "tracker_projection_lag").ToList();
        Assert.Contains(lag, s => s.Labels.Contains("shard=\"HighWaterMark\"", StringComparison.Ordinal));
        Assert.True(lag.Count >= 2, text);
        Assert.All(lag, s => Assert.InRange(s.Value, 0, 50));
        var sequence = Samples(text, "tracker_events_sequence").Single().Value;
        Assert.True(sequence >= await app.Database.CountRunEventsAsync(), text);
        Assert.Equal(lag.Count, Samples(text, "tracker_projection_position").Count());

        // ASP.NET Core's meters are exported too. (MassTransit's appear once a message crosses a bus in this process;
        // its meter is static, so they are not asserted here across test servers.)
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_need_a_server_wide_read_grant()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var admin = app.CreateClient();

        var anonymous = await app.CreateAnonymousClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Null(anonymous.Headers.Location);

        var wrongToken = await app.CreateClient("trk_not-a-token").GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);

        // A read grant in one project is not server-wide.
        Assert.True((await admin.PostAsJsonAsync("/api/v1/projects", new { name = "obs" })).IsSuccessStatusCode);
        var issued = await admin.PostAsJsonAsync("/api/v1/projects/obs/tokens", new { name = "reader", scope = "read" });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var token = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient(token).GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);

        var scraped = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.StartsWith("text/plain", scraped.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_metrics_when_configured()
    {
        await using var app = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?> { ["Tracker:Observability:PublicMetrics"] = "true" });
        var response = await app.CreateAnonymousClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Samples(await response.Content.ReadAsStringAsync(), "tracker_events_sequence").Single().Value);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    internal sealed record Sample(string Labels, double Value);

    internal static IEnumerable<Sample> Samples(string text, string metric) =>
        SampleLine().Matches(text)
            .Where(m => m.Groups["name"].Value == metric)
            .Select(m => new Sample(m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));

    /// <summary>The value of the one sample of <paramref name="metric"/> whose label has that value; null when there is none.</summary>
    internal static double? Value(string text, string metric, string label, string value) =>
        Samples(text, metric).Where(s => s.Labels.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)).Select(s => (double?)s.Value).SingleOrDefault();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
