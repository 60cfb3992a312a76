using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Tracker.Cli.Tests.Audit;

/// <summary>The real Tracker.Server in this process on a loopback port (Kestrel), on a fresh PostgreSQL database
/// (TRACKER_TEST_POSTGRES) and the in-memory bus, so the commands talk to it over HTTP as they would to any server.
/// (The factory finds the server's entry point through any of its types: <c>Program</c> is also the CLI's.)</summary>
public sealed class CliTestServer : WebApplicationFactory<Tracker.Server.Studies.StudyQueries>
{
    /// <summary>The server admin token of the test server; the commands send it with --token.</summary>
    public const string Token = "trk_cli-test-admin-token-for-integration-tests-only";

    private readonly string _connectionString;

    private CliTestServer(string connectionString) => _connectionString = connectionString;

    public string Url { get; private set; } = "";

    public static async Task<CliTestServer> StartAsync()
    {
        var server = new CliTestServer(await CreateDatabaseAsync());
        server.UseKestrel(0);
        server.StartServer();
        server.Url = new UriBuilder(server.ClientOptions.BaseAddress) { Host = "127.0.0.1" }.Uri.ToString().TrimEnd('/');
        return server;
    }

    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    /// <summary>Until the asynchronous projections (run curves) have caught up with every stored event.</summary>
    public Task ProjectionsAsync() => Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {new NpgsqlConnectionStringBuilder(_connectionString).Database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Marten", _connectionString);
        builder.UseSetting("Messaging:Transport", "InMemory");
        builder.UseSetting("Tracker:Auth:AdminToken", Token);
    }

    private static string Postgres =>
        Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TRACKER_TEST_POSTGRES is not set: run the tests with ./ops/test, which starts PostgreSQL.");

    private static async Task<string> CreateDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(Postgres);
        var name = "tracker_cli_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        admin.Database = name;
        return admin.ConnectionString;
    }
}
