using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Tracker.Server.Tests.Infrastructure;
using Xunit;

namespace Tracker.Server.Tests.Deployment;

/// <summary>Production mode (Tracker:Schema:ApplyOnStartup=false): the server never changes the schema, refuses to
/// start without it and names the command; that command (db-apply, run as a process as the compose file does)
/// applies it. The other tests cover the default of their Testing environment: applied on start.</summary>
public sealed class SchemaMigrationTests
{
    private static readonly Dictionary<string, string> Production = new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

    [Fact]
    public async Task Production_on_a_fresh_database_refuses_to_start_names_the_command_and_creates_nothing()
    {
        var database = await TestDatabase.CreateAsync();

        var (exitCode, output) = await RunAsync(database, args: "", Production);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("schema 'tracker' does not exist", output, StringComparison.Ordinal);
        Assert.Contains("Tracker:Schema:ApplyOnStartup is false", output, StringComparison.Ordinal);
        Assert.Contains("dotnet Tracker.Server.dll db-apply", output, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from information_schema.schemata where schema_name = 'tracker'"));
    }

    [Fact]
    public async Task After_db_apply_the_production_server_starts_serves_and_changes_no_schema_object()
    {
        var database = await TestDatabase.CreateAsync();

        var (exitCode, output) = await RunAsync(database, args: "db-apply", Production);
        Assert.True(exitCode == 0, $"db-apply exited with {exitCode}:\n{output}");
        var objects = await SchemaObjectsAsync(database);
        Assert.True(objects > 0, "db-apply created nothing");
        Assert.Equal("l", await database.ScalarAsync<string>(EventCompressionTests.DataCompression("mt_events")));
        Assert.Equal("l", await database.ScalarAsync<string>(EventCompressionTests.DataCompression("mt_doc_runcurve")));

        await using (var server = await ServerProcess.StartAsync(database, environment: Production))
        {
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
            var registered = await http.PostAsJsonAsync("/api/v1/runs", new
            {
                study = "deploy",
                name = "qwen-7b",
                model = new { family = "Qwen2.5-7B-Instruct" },
                training = new { batchSize = 512, rolloutN = 8, uniqueSamples = 51200 },
            });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/v1/studies/deploy", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(objects, await SchemaObjectsAsync(database));
    }

    [Fact]
    public async Task Production_with_a_schema_that_differs_refuses_to_start_and_shows_the_difference()
    {
        var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await RunAsync(database, args: "db-apply", Production)).ExitCode);
        await database.ScalarAsync<int>("drop table tracker.mt_doc_account; select 1");

        var (exitCode, output) = await RunAsync(database, args: "", Production);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("schema 'tracker' differs", output, StringComparison.Ordinal);
        Assert.Contains("mt_doc_account", output, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from information_schema.tables where table_schema = 'tracker' and table_name = 'mt_doc_account'"));
    }

    [Fact]
    public async Task A_database_applied_before_lz4_is_named_as_different_and_db_apply_switches_it()
    {
        var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await RunAsync(database, args: "db-apply", Production)).ExitCode);
        await database.ScalarAsync<int>("alter table tracker.mt_events alter column data set compression default; select 1");

        var (exitCode, output) = await RunAsync(database, args: "", Production);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("set compression lz4", output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(database, args: "db-apply", Production)).ExitCode);
        Assert.Equal("l", await database.ScalarAsync<string>(EventCompressionTests.DataCompression("mt_events")));
    }

    [Fact]
    public async Task ApplyOnStartup_true_applies_the_schema_at_start_even_in_production()
    {
        var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>(Production) { ["Tracker__Schema__ApplyOnStartup"] = "true" };

        await using var server = await ServerProcess.StartAsync(database, environment: environment);

        Assert.True(await SchemaObjectsAsync(database) > 0);
    }

    [Fact]
    public async Task A_value_that_is_not_a_boolean_is_named_at_start()
    {
        var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>(Production) { ["Tracker__Schema__ApplyOnStartup"] = "maybe" };

        var (exitCode, output) = await RunAsync(database, args: "", environment);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Tracker:Schema:ApplyOnStartup (Tracker__Schema__ApplyOnStartup) is 'maybe'", output, StringComparison.Ordinal);
    }

    private static Task<long> SchemaObjectsAsync(TestDatabase database) => database.ScalarAsync<long>(
        "select (select count(*) from information_schema.tables where table_schema = 'tracker')"
        + " + (select count(*) from pg_indexes where schemaname = 'tracker')"
        + " + (select count(*) from information_schema.routines where routine_schema = 'tracker')");

    /// <summary>Tracker.Server.dll as the container's ENTRYPOINT runs it, to its exit; a server that does start is a failure.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(TestDatabase database, string args, IReadOnlyDictionary<string, string> environment)
    {
        var info = ServerProcess.StartInfo(database, "http://127.0.0.1:0", environment);
        if (args.Length > 0)
        {
            // A command takes no --urls: keep the dll, as `dotnet Tracker.Server.dll db-apply` in the compose file.
            info.Arguments = info.Arguments[..info.Arguments.IndexOf(" --urls", StringComparison.Ordinal)] + " " + args;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Tracker.Server {args} did not exit within 3 minutes:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stderr + "\n" + await stdout);
    }
}
