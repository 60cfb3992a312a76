using Marten;
using Npgsql;
using Tracker.Contracts.Mlflow;
using Tracker.Domain.Runs;

namespace Tracker.Server.Mlflow.History;

/// <summary>A metric's logged values read straight from the run's MetricsLogged events with SQL (only that key's points
/// leave PostgreSQL), in MLflow's order: timestamp, step, value; then the order they were stored in.</summary>
public sealed class MetricHistoryReader(IDocumentStore store)
{
    private static readonly string MetricsType = JasperFx.Events.EventTypeExtensions.GetEventTypeName<MetricsLogged>();

    public async Task<(List<MlflowMetric> Page, bool More)> ReadAsync(Guid runId, string key, int offset, int limit, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var sql = $"""
            select (p.value->>'step')::bigint, (p.value->>'timestamp')::bigint, (p.value->>'value')::float8, p.value->>'nonFinite'
            from {schema}.mt_events e cross join lateral jsonb_array_elements(e.data->'points') with ordinality p(value, at)
            where e.stream_id = @id and e.type = @type and p.value->>'key' = @key
            order by 2, 1, 3 nulls first, e.seq_id, p.at
            offset @offset limit @limit
            """;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("type", MetricsType);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit + 1);
        var page = new List<MlflowMetric>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var value = reader.IsDBNull(2)
                ? new MetricPoint(key, 0, 0, null, reader.IsDBNull(3) ? "NaN" : reader.GetString(3)).AsDouble()
                : reader.GetDouble(2);
            page.Add(new MlflowMetric(key, value, reader.GetInt64(1), reader.GetInt64(0)));
        }

        var more = page.Count > limit;
        return (more ? page[..limit] : page, more);
    }
}
