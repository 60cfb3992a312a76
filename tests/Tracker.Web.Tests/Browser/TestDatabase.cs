using Npgsql;

namespace Tracker.Web.Tests.Browser;

/// <summary>A fresh PostgreSQL database per server, created on the cluster named by TRACKER_TEST_POSTGRES.</summary>
public static class TestDatabase
{
    public static string Postgres =>
        Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TRACKER_TEST_POSTGRES is not set: run the tests with ./ops/test, which starts PostgreSQL.");

    public static async Task<string> CreateAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(Postgres);
        var name = "tracker_web_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        admin.Database = name;
        return admin.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateAsync"/> (a million-point study leaves hundreds of MB).</summary>
    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !name.StartsWith("tracker_web_", StringComparison.Ordinal))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
