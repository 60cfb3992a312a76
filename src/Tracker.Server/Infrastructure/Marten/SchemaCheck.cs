using Marten;
using Npgsql;

namespace Tracker.Server.Infrastructure.Marten;

/// <summary>The schema is missing or differs from this version's and the server may not change it.</summary>
public sealed class SchemaNotReadyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>With Tracker:Schema:ApplyOnStartup=false, checks before anything else starts (registered ahead of Marten's
/// daemon and every module) that the database already has this version's schema, and stops the server if not.</summary>
public sealed class SchemaCheck(IDocumentStore store) : IHostedService
{
    /// <summary>Enough of Weasel's DDL to see what differs; the full script comes from db-patch.</summary>
    private const int MaxDetailLines = 15;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        var database = store.Storage.Database;
        try
        {
            await database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not NpgsqlException)
        {
            var missing = !await SchemaExistsAsync(schema, cancellationToken);
            var what = missing
                ? $"The PostgreSQL schema '{schema}' does not exist in the database"
                : $"The PostgreSQL schema '{schema}' differs from what this version of Tracker needs";
            throw new SchemaNotReadyException(
                $"{what}, and {SchemaPolicy.ApplyOnStartupKey} is false, so Tracker did not change it. " +
                $"Apply it once with '{SchemaPolicy.ApplyCommand}' (same configuration; with docker compose: " +
                $"'docker compose run --rm migrate'), then start the server again." +
                (missing ? "" : $"{Environment.NewLine}Differences:{Environment.NewLine}{Clip(ex.Message)}"),
                null);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> SchemaExistsAsync(string schema, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var found = await session.QueryAsync<int>("select 1 from information_schema.schemata where schema_name = ?", ct, schema);
        return found.Count > 0;
    }

    private static string Clip(string text)
    {
        var lines = text.Split('\n');
        return lines.Length <= MaxDetailLines
            ? text
            : string.Join('\n', lines.Take(MaxDetailLines)) + $"\n… ({lines.Length - MaxDetailLines} more lines; 'dotnet Tracker.Server.dll db-patch FILE' writes them all)";
    }
}
