using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;
using Tracker.Server.Audit.Storage;
using Tracker.Web.History;

namespace Tracker.Server.Dashboard.History;

/// <summary>The dashboard's history views read straight from the event table, like the audit API, with step and
/// evaluation batches summarised in PostgreSQL (count, step range, latest job time) so a page stays small however
/// large the batches are.</summary>
public sealed class DashboardHistory(IDocumentStore store, StoredEventReader events, EventTypeNames names)
{
    private string Schema => store.Options.Events.DatabaseSchemaName;

    public async Task<IReadOnlyDictionary<string, long>?> TypesAsync(HistoryScope scope, CancellationToken ct)
    {
        if (await StreamsAsync(scope, ct) is not { } streams)
        {
            return null;
        }

        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select type, count(*) from {Schema}.mt_events where stream_id = any(@streams) and type <> 'tombstone' group by type", connection);
        command.Parameters.Add(new NpgsqlParameter("streams", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = streams.ToArray() });
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var name = ClrName(reader.GetString(0));
            counts[name] = counts.GetValueOrDefault(name) + reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<EventPage<RunEventView>?> PageAsync(HistoryScope scope, IReadOnlyCollection<string>? types, long from, int limit, CancellationToken ct)
    {
        if (await StreamsAsync(scope, ct) is not { } streams)
        {
            return null;
        }

        var cursor = scope.ByVersion ? "version" : "seq_id";
        var sql = $"""
            select seq_id, stream_id, version, mt_dotnet_type, type, timestamp, correlation_id, causation_id, user_name, headers::text,
                case when type in (@steps, @evaluations) then (
                    select jsonb_build_object('summary', true, 'count', count(*), 'firstStep', min((x->>'step')::bigint), 'lastStep', max((x->>'step')::bigint),
                        'datasets', coalesce(jsonb_agg(distinct x->>'dataset') filter (where x ? 'dataset'), '[]'::jsonb), 'lastTime', max(x->>'time'))
                    from jsonb_array_elements(coalesce(data->'steps', data->'evaluations')) x)
                else data end::text
            from {Schema}.mt_events
            where stream_id = any(@streams) and type <> 'tombstone' and {cursor} >= @from {(types is null ? "" : "and type = any(@types)")}
            order by {cursor}
            limit @limit
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("streams", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = streams.ToArray() });
        command.Parameters.AddWithValue("from", Math.Max(from, 1));
        command.Parameters.AddWithValue("limit", limit + 1);
        command.Parameters.AddWithValue("steps", names.Resolve("StepsLogged"));
        command.Parameters.AddWithValue("evaluations", names.Resolve("EvaluationsRecorded"));
        if (types is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = types.Select(names.Resolve).ToArray() });
        }

        var items = new List<RunEventView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var headers = StoredEvent.ParseHeaders(reader.IsDBNull(9) ? null : reader.GetString(9));
            using var data = JsonDocument.Parse(reader.GetString(10));
            items.Add(new RunEventView(
                reader.GetInt64(0),
                reader.GetInt64(2),
                ClrName(reader.GetString(4)),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                headers,
                data.RootElement.Clone(),
                headers.GetValueOrDefault("hash"),
                reader.GetGuid(1)));
        }

        if (items.Count <= limit)
        {
            return new EventPage<RunEventView>(items, null);
        }

        var page = items[..limit];
        return scope.ByVersion ? new EventPage<RunEventView>(page, page[^1].Version + 1) : new EventPage<RunEventView>(page, null, page[^1].Sequence + 1);
    }

    public async Task<StudyTimeline?> TimelineAsync(string study, CancellationToken ct)
    {
        if (await StreamsAsync(HistoryScope.OfStudy(study), ct) is not { } streams)
        {
            return null;
        }

        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select min(timestamp), max(timestamp), count(*) from {Schema}.mt_events where stream_id = any(@streams) and type <> 'tombstone'", connection);
        command.Parameters.Add(new NpgsqlParameter("streams", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = streams.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) && !reader.IsDBNull(0)
            ? new StudyTimeline(DeterministicGuid.ForStudy(study), reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2))
            : null;
    }

    /// <summary>The streams of the scope; null when it does not exist.</summary>
    private async Task<IReadOnlyCollection<Guid>?> StreamsAsync(HistoryScope scope, CancellationToken ct)
    {
        if (scope.RunId is { } run)
        {
            return await events.ExistsAsync(run, ct) ? [run] : null;
        }

        var study = scope.Study ?? throw new ArgumentException("a history scope names a run or a study", nameof(scope));
        var studyStream = DeterministicGuid.ForStudy(study);
        if (!await events.ExistsAsync(studyStream, ct))
        {
            return null;
        }

        return scope.IncludeRuns ? await events.StudyStreamsAsync(studyStream, study, ct) : [studyStream];
    }

    /// <summary>The event's class name (StepsLogged) for its stored name (steps_logged).</summary>
    private string ClrName(string alias) =>
        names.TypeOf(alias)?.Name ?? string.Concat(alias.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
