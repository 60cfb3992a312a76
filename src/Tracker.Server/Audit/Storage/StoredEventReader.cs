using System.Runtime.CompilerServices;
using System.Text;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Tracker.Server.Audit.Storage;

/// <summary>Streams rows of the event table with plain SQL: one pass, bounded memory, raw JSON. Marten's tombstones
/// (fillers for failed appends) are not events of any stream and are left out.</summary>
public sealed class StoredEventReader(IDocumentStore store, EventTypeNames names)
{
    private string Schema => store.Options.Events.DatabaseSchemaName;

    public async IAsyncEnumerable<StoredEvent> ReadAsync(EventFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"""
            select seq_id, id, stream_id, version, type, mt_dotnet_type, timestamp, correlation_id, causation_id, user_name, headers, data
            from {Schema}.mt_events where type <> 'tombstone'
            """);
        if (filter.Streams is { } streams)
        {
            sql.Append(" and stream_id = any(@streams)");
            command.Parameters.Add(new NpgsqlParameter("streams", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = streams.ToArray() });
        }

        if (filter.Types is { } types)
        {
            sql.Append(" and type = any(@types)");
            command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = types.ToArray() });
        }

        Where(sql, command, "timestamp >= @from", "from", filter.From);
        Where(sql, command, "timestamp <= @to", "to", filter.To);
        Where(sql, command, "version >= @fromVersion", "fromVersion", filter.FromVersion);
        Where(sql, command, "seq_id >= @fromSequence", "fromSequence", filter.FromSequence);
        Where(sql, command, "seq_id <= @toSequence", "toSequence", filter.ToSequence);
        sql.Append(filter.ByStream ? " order by stream_id, version" : " order by seq_id");
        if (filter.Limit is { } limit)
        {
            sql.Append(" limit @limit");
            command.Parameters.AddWithValue("limit", limit);
        }

        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new StoredEvent(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetInt64(3),
                reader.GetString(4),
                await reader.IsDBNullAsync(5, ct) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                await reader.IsDBNullAsync(7, ct) ? null : reader.GetString(7),
                await reader.IsDBNullAsync(8, ct) ? null : reader.GetString(8),
                await reader.IsDBNullAsync(9, ct) ? null : reader.GetString(9),
                StoredEvent.ParseHeaders(await reader.IsDBNullAsync(10, ct) ? null : reader.GetString(10)),
                reader.GetString(11));
        }
    }

    /// <summary>The study stream and the streams of the runs registered in it, read from the events themselves.</summary>
    public async Task<List<Guid>> StudyStreamsAsync(Guid studyStream, string study, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select stream_id from {Schema}.mt_events where type = @type and data ->> 'study' = @study order by seq_id", connection);
        command.Parameters.AddWithValue("type", names.RunRegistered);
        command.Parameters.AddWithValue("study", study);
        var streams = new List<Guid> { studyStream };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (!streams.Contains(id))
            {
                streams.Add(id);
            }
        }

        return streams;
    }

    public async Task<bool> ExistsAsync(Guid streamId, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select exists(select 1 from {Schema}.mt_streams where id = @id)", connection);
        command.Parameters.AddWithValue("id", streamId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static void Where<T>(StringBuilder sql, NpgsqlCommand command, string clause, string name, T? value)
        where T : struct
    {
        if (value is { } v)
        {
            sql.Append(" and ").Append(clause);
            command.Parameters.AddWithValue(name, v);
        }
    }
}
