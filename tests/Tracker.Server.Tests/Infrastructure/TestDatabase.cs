using Npgsql;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database per test class: no shared state, nothing to clean up between tests.</summary>
public sealed class TestDatabase
{
    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres);
        var name = "tracker_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        admin.Database = name;
        return new TestDatabase(admin.ConnectionString);
    }

    /// <summary>Rows in the event store: a rejected request must leave this unchanged.</summary>
    public async Task<long> CountEventsAsync() => await ScalarAsync<long>("select count(*) from tracker.mt_events");

    /// <summary>Events of run streams only: the live fitter appends to study streams in the background at any time.</summary>
    public async Task<long> CountRunEventsAsync() => await ScalarAsync<long>(
        "select count(*) from tracker.mt_events e where e.stream_id in (select stream_id from tracker.mt_events where type = 'run_registered')");

    public async Task<long> CountStreamsAsync() => await ScalarAsync<long>("select count(*) from tracker.mt_streams");

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
