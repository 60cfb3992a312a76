using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>Tracker.Server in-process on a real database and a real bus. Disposing it and starting another on the
/// same database is a server restart.</summary>
public sealed class TrackerApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public TrackerApp(TestDatabase database, Transport transport = Transport.InMemory, IDictionary<string, string?>? settings = null)
    {
        Database = database;
        Transport = transport;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = database.ConnectionString,
            ["Messaging:Transport"] = transport.ToString(),
            // Every in-process client is the server admin unless a test asks for another caller (Callers).
            ["Tracker:Auth:AdminToken"] = AdminToken,
            // Rate limits are tested on their own (RateLimitTests); elsewhere they would only slow floods of posts.
            ["Tracker:Limits:WritesPerSecond"] = "1000000",
        };
        if (transport == Transport.RabbitMq)
        {
            _settings["Messaging:RabbitMq:Host"] = TestEnvironment.RabbitHost;
            _settings["Messaging:RabbitMq:Port"] = TestEnvironment.RabbitPort;
            // A test that brings its own vhost (or node) does not use up one of the shared ones.
            if (settings?.ContainsKey("Messaging:RabbitMq:VirtualHost") != true)
            {
                _settings["Messaging:RabbitMq:VirtualHost"] = TestEnvironment.TakeVhost();
            }
            // Make HTTP commands cross the broker too, so the RabbitMQ cases prove acknowledgement after commit there.
            _settings["Messaging:HttpDispatch"] = "Bus";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The server admin token configured for every test server (a test secret, not a default of Tracker).</summary>
    public const string AdminToken = "trk_test-admin-token-for-integration-tests-only";

    public TestDatabase Database { get; }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that sends the given bearer token.</summary>
    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public Transport Transport { get; }

    /// <summary>Another server on the same database and settings, for restart tests (same vhost too).</summary>
    public TrackerApp Restarted() => new(this);

    private TrackerApp(TrackerApp previous)
    {
        Database = previous.Database;
        Transport = previous.Transport;
        _settings = new Dictionary<string, string?>(previous._settings);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
