using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tracker.Web.Tests.Browser;

/// <summary>The real Tracker.Server in this process on a real loopback port (Kestrel), so a browser can reach it,
/// on its own fresh database and the in-memory bus.</summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private DashboardServer(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        _connectionString = connectionString;
        _settings = settings;
    }

    public Uri BaseAddress { get; private set; } = default!;

    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    /// <summary>By default the embedded mode of ./ops/up (anonymous on loopback); <paramref name="settings"/> may
    /// turn it off to test sign-in.</summary>
    public static async Task<DashboardServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new DashboardServer(await TestDatabase.CreateAsync(), settings ?? new Dictionary<string, string>());
        server.UseKestrel(0);
        server.StartServer();
        server.BaseAddress = server.ClientOptions.BaseAddress;
        if (server.BaseAddress.Host != "127.0.0.1" && server.BaseAddress.Host != "localhost")
        {
            throw new InvalidOperationException($"the test server listens on {server.BaseAddress}, not loopback");
        }

        // Chromium and the checks below want the numeric loopback address.
        server.BaseAddress = new UriBuilder(server.BaseAddress) { Host = "127.0.0.1" }.Uri;
        return server;
    }

    public HttpClient Http() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Marten", _connectionString);
        builder.UseSetting("Messaging:Transport", "InMemory");
        builder.UseSetting("Tracker:Auth:AnonymousLoopback", "true");
        builder.UseSetting("Tracker:Limits:WritesPerSecond", "1000000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
